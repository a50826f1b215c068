from __future__ import annotations

from pathlib import Path

import pytest

from orchestration.raw.catalog import SOURCES_BY_NAME
from orchestration.raw.catalog.geography import GEOGRAPHY_CSVS
from orchestration.raw.landing.shape import ShapeError
from orchestration.raw.parsers import published_csv

from .conftest import DEFAULT_DATA_DIR

GEOGRAPHY = DEFAULT_DATA_DIR / "geography"


@pytest.mark.parametrize("stem", [row.stem for row in GEOGRAPHY_CSVS])
def test_every_geography_csv_parses_without_rejects(stem: str) -> None:
    parsed = SOURCES_BY_NAME[stem].parser(GEOGRAPHY / f"{stem}.csv")
    assert parsed.rejects.empty and len(parsed.rows) > 0


def test_bom_is_stripped_and_headers_snake_cased() -> None:
    # ons_lad23_csp23_pfa23_lookup_ew.csv starts with a UTF-8 BOM before 'LAD23CD'
    parsed = SOURCES_BY_NAME["ons_lad23_csp23_pfa23_lookup_ew"].parser(
        GEOGRAPHY / "ons_lad23_csp23_pfa23_lookup_ew.csv"
    )
    assert list(parsed.rows.columns)[:2] == ["lad23cd", "lad23nm"]
    first = parsed.rows.iloc[0]  # line 2: E06000001,Hartlepool,...,Cleveland,1
    assert (first["lad23cd"], first["pfa23nm"], first["objectid"]) == (
        "E06000001",
        "Cleveland",
        "1",
    )
    assert len(parsed.rows) == 332


def test_mysociety_columns_and_values_as_published() -> None:
    parsed = SOURCES_BY_NAME["mysociety_uk_local_authorities"].parser(
        GEOGRAPHY / "mysociety_uk_local_authorities.csv"
    )
    assert len(parsed.rows) == 470
    first = parsed.rows.iloc[0]  # line 2: ABC, quoted official name with commas
    assert first["local_authority_code"] == "ABC"
    assert first["official_name"] == "Armagh City, Banbridge and Craigavon Borough Council"
    assert first["pop_2020"] == "217232.0"  # text exactly as published, '.0' kept
    assert "bs_6879" in parsed.rows.columns


def test_trailing_empty_header_column_dropped_when_empty_rejected_otherwise(
    tmp_path: Path,
) -> None:
    path = tmp_path / "codes.csv"
    path.write_text("code,name,\nA1,Alpha,\nB2,Beta,oops\n")
    parsed = published_csv.parse(path, ["code", "name"])
    assert list(parsed.rows.columns) == ["code", "name", "_row_number"]
    assert list(parsed.rows["code"]) == ["A1"]
    reject = parsed.rejects.iloc[0]
    assert (reject["row_number"], reject["value"]) == (3, "oops")
    assert reject["reason"] == published_csv.TRAILING_VALUE


def test_renamed_header_is_a_shape_error(tmp_path: Path) -> None:
    text = (GEOGRAPHY / "ons_pfa19_names_codes_uk.csv").read_text()
    path = tmp_path / "ons_pfa19_names_codes_uk.csv"
    path.write_text(text.replace("PFA19NM", "PFA19NAME", 1))
    with pytest.raises(ShapeError) as raised:
        SOURCES_BY_NAME["ons_pfa19_names_codes_uk"].parser(path)
    message = str(raised.value)
    assert message.startswith("ons_pfa19_names_codes_uk.csv: header mismatch")
    assert "expected ['FID', 'PFA19CD', 'PFA19NM']" in message
    assert "found ['FID', 'PFA19CD', 'PFA19NAME']" in message
