from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from orchestration.raw.landing.shape import ShapeError
from orchestration.raw.parsers import police_uk_street
from orchestration.raw.police_uk_drop_folder import _forces_read_row_by_row, forces_named, triage

from .conftest import STREET_DIR


def test_shipped_folder_holds_58_months_one_file_each_nothing_quarantined() -> None:
    folder = triage(STREET_DIR, today=dt.date(2026, 12, 5))
    assert folder.quarantined == []
    assert len(folder.months) == 58
    assert folder.months[:2] == ["2017-01", "2017-02"] and folder.months[-1] == "2022-10"
    assert folder.held["2020-01"] == [STREET_DIR / "2020-01-gwent-street.csv"]
    assert all(len(files) == 1 for files in folder.held.values())


def test_city_of_london_january_2017_read_by_hand() -> None:
    parsed = police_uk_street.parse(STREET_DIR / "2017-01-city-of-london-street.csv")
    assert parsed.sheet is None and parsed.rejects.empty
    first = parsed.rows.iloc[0]  # line 2 of the file
    assert first["_row_number"] == 2
    assert first["crime_id"].startswith("356f6e3b1e3585e3")
    assert first["month"] == "2017-01" and first["_partition_month"] == "2017-01"
    assert (first["longitude"], first["latitude"]) == ("-0.111497", "51.518226")
    assert first["lsoa_code"] == "E01000914" and first["crime_type"] == "Burglary"
    assert first["context"] == ""


def test_gwent_crlf_file_and_empty_crime_id() -> None:
    parsed = police_uk_street.parse(STREET_DIR / "2022-10-gwent-street.csv")
    assert len(parsed.rows) == 5323
    assert parsed.rows.iloc[0]["crime_id"] == ""  # anti-social behaviour has no crime id
    assert parsed.rows.iloc[0]["crime_type"] == "Anti-social behaviour"


def test_file_name_outside_the_pattern_is_a_shape_error_when_parsed(tmp_path: Path) -> None:
    # the drop folder quarantines such a file before any parse; parse itself still refuses it
    odd = tmp_path / "gwent-2022-10.csv"
    odd.write_text("Crime ID\n")
    with pytest.raises(ShapeError, match="gwent-2022-10.csv: expected a name starting with"):
        police_uk_street.parse(odd)
    thirteen = tmp_path / "2022-13-gwent-street.csv"
    thirteen.write_text("Crime ID\n")
    with pytest.raises(ShapeError, match="found month 13"):
        police_uk_street.parse(thirteen)


@pytest.mark.parametrize(
    ("name", "month"),
    [
        ("2017-01-city-of-london-street.csv", "2017-01"),
        ("2017-01-city-of-london-street.CSV", "2017-01"),  # extension in any case
        ("2022-10-avon-and-somerset-street.Csv", "2022-10"),
    ],
)
def test_street_file_names(name: str, month: str) -> None:
    assert police_uk_street.name_problem(name) is None
    assert police_uk_street.file_month(Path(name)) == month


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("2017-01-city-of-london-street.XLSX", "found a .XLSX file"),
        ("2017-01-city-of-london-street", "found a name with no extension"),
        ("2017-01-city-of-london-street (1).csv", "found a space in the name"),
        ("2017-13-city-of-london-street.csv", "found month 13"),
        ("2017-00-city-of-london-street.csv", "found month 00"),
        ("2017-01-city-of-london..-street.csv", "found 'city-of-london..'"),
        ("2017-01-..-street.csv", "found '..'"),
        ("2017-01-City-of-London-street.csv", "found 'City-of-London'"),
        ("2017-01-city-of-london.csv", "expected the name to end '-street.csv'"),
        ("city-of-london-2017-01-street.csv", "expected a name starting with the month"),
    ],
)
def test_what_is_wrong_with_a_name(name: str, problem: str) -> None:
    assert problem in police_uk_street.name_problem(name)
    assert police_uk_street.FILE_NAME.match(name) is None


def test_wrong_month_and_empty_crime_type_are_rejects(tmp_path: Path) -> None:
    lines = (STREET_DIR / "2017-01-city-of-london-street.csv").read_text().splitlines()
    lines[1] = lines[1].replace(",2017-01,", ",2017-02,")
    fields = lines[2].split(",")
    fields[9] = ""
    lines[2] = ",".join(fields)
    lines[3] = lines[3] + ",extra"
    edited = tmp_path / "2017-01-city-of-london-street.csv"
    edited.write_text("\n".join(lines) + "\n")
    parsed = police_uk_street.parse(edited)
    rejects = parsed.rejects.set_index("row_number")
    assert rejects.loc[2, "column_name"] == "month"
    assert rejects.loc[2, "value"] == "2017-02"
    assert "differs from file month 2017-01" in rejects.loc[2, "reason"]
    assert rejects.loc[3, "reason"] == "crime type is empty"
    assert "13 fields where the header has 12" in rejects.loc[4, "reason"]
    assert len(parsed.rows) == len(lines) - 1 - 3
    assert {2, 3, 4}.isdisjoint(parsed.rows["_row_number"])


def test_renamed_header_is_a_shape_error(tmp_path: Path) -> None:
    text = (STREET_DIR / "2017-02-city-of-london-street.csv").read_text()
    edited = tmp_path / "2017-02-city-of-london-street.csv"
    edited.write_text(text.replace("Crime type", "Offence type", 1))
    with pytest.raises(ShapeError) as raised:
        police_uk_street.parse(edited)
    message = str(raised.value)
    assert "2017-02-city-of-london-street.csv" in message
    assert "missing ['Crime type']" in message and "unexpected ['Offence type']" in message


def test_forces_named_from_the_bytes_agree_with_the_rows(tmp_path: Path) -> None:
    """The drop folder reads the forces of a plain file from its bytes (numpy); a file naming
    several forces, or not plain, is read row by row: both answers are the rows' forces."""
    for path in sorted(STREET_DIR.glob("*-street.csv")):
        assert forces_named(path) == _forces_read_row_by_row(path) != set()
    lines = (STREET_DIR / "2022-10-gwent-street.csv").read_bytes().splitlines(keepends=True)
    lines[7] = lines[7].replace(
        b",Gwent Police,Gwent Police,", b",Gwent Police, Dyfed-Powys Police,"
    )
    lines[9] = lines[9].replace(b",Gwent Police,Gwent Police,", b',"Gwent Police",South Wales,')
    mixed = tmp_path / "2022-10-gwent-street.csv"
    mixed.write_bytes(b"".join(lines))
    assert forces_named(mixed) == {"Gwent Police", "Dyfed-Powys Police", "South Wales"}
