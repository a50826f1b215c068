from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from orchestration.raw.landing.shape import ShapeError
from orchestration.raw.parsers import ons_pfa_tables

from .conftest import DEC_2019, FIXTURES, MAR_2018, PFA_TABLES

LONG_FIXTURE = FIXTURES / "ons_pfa_table_p1_recorded_crime_long_ye2018q1_ye2019q4.csv"


def row(parsed: ons_pfa_tables.ParsedFile, sheet_row: int) -> pd.Series:
    return parsed.rows.set_index("_row_number").loc[sheet_row]


def test_dec_2019_values_read_by_hand() -> None:
    parsed = ons_pfa_tables.parse_p1(DEC_2019)
    assert parsed.sheet == "Table P1"
    assert len(parsed.rows) == 56 and parsed.rejects.empty  # rows 7..62
    assert set(parsed.rows["year_ending"]) == {dt.date(2019, 12, 31)}
    # A3
    assert set(parsed.rows["coverage_note"]) == {
        "England and Wales (excluding Greater Manchester Police)"
    }
    # A7, B7, C7: England and Wales, footnotes 7,8 kept on the name
    england_wales = row(parsed, 7)
    assert england_wales["area_code"] == "K04000001"
    assert england_wales["area_name"] == "ENGLAND AND WALES7,8"
    assert england_wales["total_recorded_crime_excluding_fraud"] == "5013284"
    # C10 Cleveland total 69197
    assert row(parsed, 10)["area_name"] == "Cleveland"
    assert row(parsed, 10)["total_recorded_crime_excluding_fraud"] == "69197"
    # B16 'Greater Manchester8,9', C16 and AA16 '..'
    manchester = row(parsed, 16)
    assert manchester["area_name"] == "Greater Manchester8,9"
    assert manchester["total_recorded_crime_excluding_fraud"] == ".."
    assert manchester["miscellaneous_crimes_against_society"] == ".."
    # B17 'Lancashire ' keeps its trailing space as printed
    assert row(parsed, 17)["area_name"] == "Lancashire "
    # F38 Essex homicide 60 (footnote 10: the 39 migrants found in a lorry)
    assert row(parsed, 38)["area_name"] == "Essex10"
    assert row(parsed, 38)["homicide"] == "60"
    # A62 blank code for British Transport Police, C62 70516
    transport = row(parsed, 62)
    assert transport["area_code"] == ""
    assert transport["total_recorded_crime_excluding_fraud"] == "70516"


@pytest.mark.parametrize(
    ("file_name", "year_ending", "coverage"),
    [
        ("policeforceareatablesyearendingmarch2018v2.xlsx", "2018-03-31", "England and Wales"),
        ("policeforceareadatatablesyearendingjune2018corrected.xlsx", "2018-06-30", None),
        ("policeforceareatablesyearendingsep18corrected.xlsx", "2018-09-30", None),
        ("policeforceareatablesyearendingdecember2018.xlsx", "2018-12-31", None),
        ("policeforceareatablesyeendingmarch2019.xlsx", "2019-03-31", None),  # sheet 'Table P1 '
        ("policeforceareatablesyearendingjune2019.xlsx", "2019-06-30", None),
        ("policeforceareatablesyearendingseptember2019.xlsx", "2019-09-30", "excluding"),
        ("pfatablesdec19.xlsx", "2019-12-31", "excluding"),
    ],
)
def test_every_edition_parses_with_its_period(
    file_name: str, year_ending: str, coverage: str | None
) -> None:
    parsed = ons_pfa_tables.parse_p1(PFA_TABLES / file_name)
    assert parsed.rejects.empty
    assert len(parsed.rows) == 56
    assert set(parsed.rows["year_ending"]) == {dt.date.fromisoformat(year_ending)}
    if coverage:
        assert coverage in parsed.rows["coverage_note"].iloc[0]
    assert list(parsed.rows.columns) == [*ons_pfa_tables.P1_COLUMNS, "_row_number"]


def _fixture_column(label: str) -> str:
    """Map the fixture's printed offence label to a raw column, independently of the parser."""
    words = "".join(c for c in label.lower() if not c.isdigit()).replace(",", "")
    column = "_".join(words.replace("(", "").replace(")", "").replace("-", " ").split())
    # Some editions print 'Miscellaneous crimes', others '... against society'.
    if column.startswith("miscellaneous_crimes"):
        return "miscellaneous_crimes_against_society"
    return column


def test_every_p1_value_equals_the_independent_long_reshape() -> None:
    expected = pd.read_csv(LONG_FIXTURE, dtype=str, keep_default_na=False)
    parsed = pd.concat(
        [ons_pfa_tables.parse_p1(path).rows for path in sorted(PFA_TABLES.glob("*.xlsx"))]
    )
    long = parsed.melt(
        id_vars=["year_ending", "area_code", "area_name"],
        value_vars=ons_pfa_tables.P1_OFFENCE_COLUMNS,
        var_name="column",
    )
    long["year_ending"] = long["year_ending"].map(lambda d: d.strftime("%Y-%m"))
    long["area_name"] = long["area_name"].str.strip()
    expected["column"] = expected["offence_group"].map(_fixture_column)
    keys = ["year_ending", "area_code", "area_name", "column"]
    merged = expected.merge(long, on=keys, how="left", suffixes=("_fixture", "_raw"))
    assert merged["value_raw"].notna().all(), merged[merged["value_raw"].isna()].head()
    assert (merged["value_fixture"] == merged["value_raw"]).all()
    assert len(expected) == 8 * 55 * 23
    # The reshape left British Transport Police out; the raw table keeps it (8 editions).
    extra = long.merge(expected[keys], on=keys, how="left", indicator=True)
    assert set(extra.loc[extra["_merge"] == "left_only", "area_name"]) == {
        "British Transport Police"
    }


def test_p9_population_read_by_hand() -> None:
    parsed = ons_pfa_tables.parse_p9(MAR_2018)
    assert parsed.sheet == "Table P9" and parsed.rejects.empty
    assert len(parsed.rows) == 55  # rows 6..60, 'Source:' on row 61
    rows = parsed.rows.set_index("_row_number")
    # A6/C6: England and Wales mid-2002 52602100
    assert rows.loc[6, "area_code"] == "K04000001"
    assert rows.loc[6, "mid_2002"] == "52602100"
    # B42/Q42: City of London mid-2016 7200
    assert rows.loc[42, "area_name"] == "City of London"
    assert rows.loc[42, "mid_2016"] == "7200"


def test_p9_is_a_shape_error_in_editions_without_it() -> None:
    with pytest.raises(ShapeError, match="Table P9"):
        ons_pfa_tables.parse_p9(DEC_2019)


def _edited_copy(tmp_path: Path, edits: dict[str, object]) -> Path:
    book = openpyxl.load_workbook(DEC_2019)
    for cell, value in edits.items():
        book["Table P1"][cell] = value
    target = tmp_path / DEC_2019.name
    book.save(target)
    return target


def test_renamed_offence_label_is_a_shape_error(tmp_path: Path) -> None:
    edited = _edited_copy(tmp_path, {"F5": "Murder"})  # was 'Homicide'
    with pytest.raises(ShapeError) as raised:
        ons_pfa_tables.parse_p1(edited)
    message = str(raised.value)
    assert "\n" not in message
    assert "pfatablesdec19.xlsx" in message and "'Table P1'" in message
    assert "missing ['homicide']" in message and "unexpected ['Murder']" in message
    assert "expected columns" in message and "found labels" in message


def test_known_alias_is_accepted(tmp_path: Path) -> None:
    edited = _edited_copy(tmp_path, {"O5": "Domestic burglary6"})
    parsed = ons_pfa_tables.parse_p1(edited)
    assert row(parsed, 10)["residential_burglary"] != ""


def test_a_count_that_is_not_a_number_is_rejected_and_the_rest_land(tmp_path: Path) -> None:
    edited = _edited_copy(tmp_path, {"C10": "abc"})  # Cleveland total
    parsed = ons_pfa_tables.parse_p1(edited)
    assert len(parsed.rows) == 55
    assert 10 not in set(parsed.rows["_row_number"])
    reject = parsed.rejects.iloc[0]
    assert (reject["row_number"], reject["column_name"], reject["value"]) == (
        10,
        "total_recorded_crime_excluding_fraud",
        "abc",
    )
    assert "neither a number nor '..'" in reject["reason"]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("..., year ending December 20191,2", dt.date(2019, 12, 31)),
        ("..., year ending June 181,2", dt.date(2018, 6, 30)),
        ("..., year ending March 181,2,3", dt.date(2018, 3, 31)),
        ("..., year ending September 20181,2", dt.date(2018, 9, 30)),
        ("..., year ending February 2020", dt.date(2020, 2, 29)),
    ],
)
def test_year_ending_from_title(title: str, expected: dt.date) -> None:
    assert ons_pfa_tables.year_ending_from_title(title, "f.xlsx", "Table P1") == expected


def test_every_total_equals_the_sum_of_its_parts_in_every_edition() -> None:
    # independent of the parser's grouping: sum by code prefix over the landed rows
    for path in sorted(PFA_TABLES.glob("*.xlsx")):
        rows = ons_pfa_tables.parse_p1(path).rows
        counts = rows["total_recorded_crime_excluding_fraud"].replace("..", "0").astype(int)
        by_prefix = counts.groupby(rows["area_code"].str[:3]).sum()
        assert by_prefix["K04"] == by_prefix["E92"] + by_prefix["W92"] + by_prefix[""]
        assert by_prefix["E92"] == by_prefix["E12"] == by_prefix["E23"]
        assert by_prefix["W92"] == by_prefix["W15"]


def test_a_force_count_that_breaks_its_region_total_stops_the_file(tmp_path: Path) -> None:
    edited = _edited_copy(tmp_path, {"C10": 69198})  # Cleveland, printed 69197
    with pytest.raises(ShapeError) as raised:
        ons_pfa_tables.parse_p1(edited)
    message = str(raised.value)
    assert message == (
        "pfatablesdec19.xlsx (sheet 'Table P1'): totals do not add up in 1 cell(s), expected "
        "each total to equal the sum of its parts; first: column "
        "total_recorded_crime_excluding_fraud, row 9 (North East) prints 281662, rows 10-12 "
        "sum to 281663"
    )


def test_a_missing_force_row_breaks_the_totals(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(DEC_2019)
    book["Table P1"].delete_rows(11)  # Durham, one of the North East's three forces
    book.save(tmp_path / DEC_2019.name)
    with pytest.raises(ShapeError) as raised:
        ons_pfa_tables.parse_p1(tmp_path / DEC_2019.name)
    # every offence column but those where Durham printed 0 fails; the first names the region
    assert "row 9 (North East) prints 281662, rows 10-11 sum to 217418" in str(raised.value)
