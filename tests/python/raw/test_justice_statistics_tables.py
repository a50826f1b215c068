"""HMPPS prison performance ratings and MoJ proven reoffending loaders, on fixtures written in
the declared published layout (tests/python/fixtures/justice: real names, invented values)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from orchestration.raw.catalog import SOURCES_BY_NAME
from orchestration.raw.landing.land import ensure_empty_table, land_file
from orchestration.raw.landing.shape import ShapeError
from orchestration.raw.parsers import hmpps_prison_performance_ratings as ratings
from orchestration.raw.parsers import moj_proven_reoffending as reoffending

FIXTURES = Path(__file__).parents[1] / "fixtures" / "justice"
RATINGS_FILE = FIXTURES / "annual_prison_performance_ratings_2023_24.xlsx"
REOFFENDING_FILE = FIXTURES / "proven_reoffending_invented_2022.xlsx"
JUSTICE_SPREADSHEETS = [
    "hmpps_prison_performance_ratings",
    "hmpps_prison_performance_measures",
    "moj_proven_reoffending_by_prison",
    "moj_proven_reoffending_by_region",
]


def test_ratings_read_below_title_rows_with_year_from_file_name() -> None:
    parsed = ratings.parse_ratings(RATINGS_FILE)
    assert parsed.sheet == "Table_1"
    # Table_1 rows 5, 6, 8, 9 (row 4 the header 'Performance rating [note 2]', row 7 blank)
    rows = parsed.rows.set_index("prison")
    assert rows.loc["Altcourse", "performance_rating"] == "3"  # row 5, column C
    assert rows.loc["Bedford", "_row_number"] == 6
    assert rows.loc["Ford", "functional_group"] == "Open"  # row 8, column B
    assert rows.loc["Mount, The", "performance_rating"] == "[x]"  # row 9: a symbol, kept
    assert set(parsed.rows["financial_year"]) == {"2023-24"}
    assert set(parsed.rows["synthetic_file"]) == {"false"}
    # row 10 (Hatfield, 'n/a') is neither a number nor a symbol; the note under the table is
    # skipped, not rejected
    assert parsed.rejects.to_dict("records") == [
        {
            "row_number": 10,
            "column_name": "performance_rating",
            "value": "n/a",
            "reason": "not a number or a published symbol",
        }
    ]


def test_measure_values_keep_published_text() -> None:
    parsed = ratings.parse_measures(RATINGS_FILE)
    values = dict(zip(parsed.rows["prison"], parsed.rows["measure_value"], strict=True))
    assert values == {"Altcourse": "61.5", "Bedford": "38.25", "Ford": "[c]"}  # Table_2 col D
    assert parsed.rejects["reason"].tolist() == ["prison is empty"]  # row 8


def test_reoffending_by_prison_and_region() -> None:
    prisons = reoffending.parse_by_prison(REOFFENDING_FILE).rows.set_index("prison")
    altcourse = prisons.loc["Altcourse"]  # Table_C1 row 5
    assert altcourse["cohort"] == "Jan-Mar 2022"
    assert altcourse["number_of_offenders"] == "412"
    assert altcourse["number_of_reoffenders"] == "189"
    assert altcourse["number_of_reoffences"] == "701"
    assert altcourse["proportion_of_offenders_who_reoffend"] == "45.9"
    assert altcourse["predicted_proportion_of_offenders_who_reoffend"] == "47.2"
    assert altcourse["difference_between_actual_and_predicted_percentage_points"] == "-1.3"
    assert prisons.loc["Kirklevington Grange", "number_of_reoffenders"] == "*"  # suppressed
    regions = reoffending.parse_by_region(REOFFENDING_FILE).rows.set_index("probation_region")
    assert regions.loc["Wales", "number_of_reoffenders"] == ".."  # Table_C2 row 6
    assert regions.loc["Wales", "predicted_proportion_of_offenders_who_reoffend"] == "31.2"
    assert regions.loc["North West", "_row_number"] == 5


def test_changed_header_is_a_one_line_shape_error(tmp_path: Path) -> None:
    changed = tmp_path / RATINGS_FILE.name
    workbook = load_workbook(RATINGS_FILE)
    workbook["Table_1"]["C4"] = "Overall rating"
    workbook.save(changed)
    with pytest.raises(ShapeError) as error:
        ratings.parse_ratings(changed)
    message = str(error.value)
    assert "\n" not in message
    assert message.startswith(f"{changed.name} (sheet 'Table_1'): header mismatch")
    assert "missing ['Performance rating']" in message


def test_file_name_must_give_the_financial_year(tmp_path: Path) -> None:
    wrong = tmp_path / "annual_prison_performance_ratings_2023_25.xlsx"
    shutil.copy(RATINGS_FILE, wrong)
    with pytest.raises(ShapeError, match="does not give the financial year"):
        ratings.parse_ratings(wrong)


def test_sources_are_optional_and_never_match_a_sidecar(tmp_path: Path) -> None:
    data = tmp_path / "data"
    folder = data / "justice" / "prison_performance_ratings"
    folder.mkdir(parents=True)
    shutil.copy(RATINGS_FILE, folder / RATINGS_FILE.name)
    (folder / (RATINGS_FILE.name + ".synthetic.json")).write_text("{}")
    source = SOURCES_BY_NAME["hmpps_prison_performance_ratings"]
    assert [p.name for p in source.files(data)] == [RATINGS_FILE.name]
    con = duckdb.connect()
    for name in JUSTICE_SPREADSHEETS:
        assert SOURCES_BY_NAME[name].optional
        ensure_empty_table(con, SOURCES_BY_NAME[name])
    result = land_file(con, source, folder / RATINGS_FILE.name, data)
    assert result.synthetic and result.rows_landed == 4 and result.rows_rejected == 1
    assert con.execute(
        "select list(distinct synthetic_file) from raw.hmpps_prison_performance_ratings"
    ).fetchone() == (["true"],)
