from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from orchestration.raw.parsers import ho_police_workforce

from .conftest import DEFAULT_DATA_DIR

ODS = DEFAULT_DATA_DIR / "police" / "raw" / "open-data-table-police-workforce-260723.ods"
# The sheet saved as CSV by the data scout: an independent reading of the same cells.
# The "Data" sheet saved as CSV by another party (jamesLSI/ecom185): an independent reading.
CSV_COPY = Path(__file__).parents[1] / "fixtures/ho_police_workforce_open_data_table_2007_2023.csv"


@pytest.fixture(scope="module")
def parsed() -> ho_police_workforce.ParsedFile:
    return ho_police_workforce.parse(ODS)


def test_workforce_values_read_by_hand(parsed: ho_police_workforce.ParsedFile) -> None:
    assert parsed.sheet == "Data" and parsed.rejects.empty
    assert list(parsed.rows.columns) == [
        "as_at_31_march",
        "geo_code",
        "force_name",
        "region",
        "sex",
        "rank_description",
        "worker_type",
        "total_headcount",
        "total_fte",
        "_row_number",
    ]
    assert len(parsed.rows) == 29304
    rows = parsed.rows.set_index("_row_number")
    # Row 5: 2007 Avon & Somerset, Female Community Support Officer, 170 headcount, 164.99 FTE
    assert list(rows.loc[5, ["as_at_31_march", "force_name", "total_headcount", "total_fte"]]) == [
        "2007",
        "Avon & Somerset",
        "170",
        "164.99",
    ]
    # Row 29304: 2023 Wiltshire, self-described Special Constable, FTE published as 'N/A'
    assert rows.loc[29304, "rank_description"] == "Special Constable"
    assert rows.loc[29304, "total_fte"] == "N/A"


def _same(raw: str, copy: str) -> bool:
    """The CSV copy was written by pandas: 1.0 for 1, and an empty field for 'N/A'."""
    if raw == "N/A":
        return copy == ""
    try:
        return math.isclose(float(raw), float(copy), rel_tol=0, abs_tol=1e-9)
    except ValueError:
        return raw == copy


def test_every_row_matches_the_csv_copy(parsed: ho_police_workforce.ParsedFile) -> None:
    copy = pd.read_csv(CSV_COPY, dtype=str, keep_default_na=False)
    assert len(copy) == len(parsed.rows)
    raw = parsed.rows.drop(columns="_row_number").reset_index(drop=True)
    copy.columns = list(raw.columns)
    for column in raw.columns:
        pairs = zip(raw[column], copy[column], strict=True)
        mismatches = [(r, c) for r, c in pairs if r != c and not _same(r, c)]
        assert mismatches == [], f"{column}: {mismatches[:5]}"
