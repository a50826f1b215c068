"""Spreadsheet formula injection: text a spreadsheet would run is made inert in the public CSVs.

The reproduction from issue 10: a school name ``=HYPERLINK("http://x","y")`` (and ``+cmd|' /C
calc'!A0``, ``@SUM(1)``, ``-2+3``) reached rpt_education_ks2_school_results.csv verbatim.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import duckdb
import pytest

from orchestration.paths import FrontlinePaths
from orchestration.publish import publish_release

from .conftest import SOURCES, passing_check, sha256

SCHOOLS = "marts.rpt_education_ks2_school_results"
CLEAN = "marts.dim_organisation"

# urn -> (school name as landed, as the CSV must show it); the number beside it, pct, is
# negative on purpose: numbers are never touched
SCHOOL_NAMES = {
    1: ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
    2: ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    3: ("@SUM(1)", "'@SUM(1)"),
    4: ("-2+3", "'-2+3"),
    5: ("\tTab School", "'\tTab School"),
    6: ("\rCarriage School", "'\rCarriage School"),
    7: ("'=already quoted", "''=already quoted"),  # one more quote: the rule can be undone
    8: ("Bolton", "Bolton"),
    9: ("", ""),
    10: (None, None),
    11: ("'Tis Primary", "'Tis Primary"),
    12: ("St Mary's, Bolton-le-Sands", "St Mary's, Bolton-le-Sands"),
    13: ("A=B School", "A=B School"),  # only the first character counts
}
NEUTRALISED = 7  # urns 1 to 7


def landed_rows() -> list[tuple]:
    return [
        (urn, name, "-Bolton" if urn == 1 else "Bolton", -2.5)
        for urn, (name, _) in SCHOOL_NAMES.items()
    ]


def make_school_db(path: Path) -> None:
    con = duckdb.connect(str(path))
    con.execute("create schema marts")
    con.execute(
        f"create table {SCHOOLS} (urn bigint, school_name varchar, la_name varchar, pct double)"
    )
    con.executemany(f"insert into {SCHOOLS} values (?, ?, ?, ?)", landed_rows())
    con.execute(f"create table {CLEAN} (organisation_code varchar, name varchar)")
    con.execute(f"insert into {CLEAN} values ('E23000005', 'West Midlands'), ('X', '')")
    con.close()


@pytest.fixture
def school_paths(tmp_path: Path) -> FrontlinePaths:
    paths = FrontlinePaths(home=tmp_path / "home")
    paths.home.mkdir()
    make_school_db(paths.working_db)
    return paths


def csv_cells(folder: Path, table: str) -> dict[int, list[str]]:
    """The CSV as a spreadsheet-agnostic reader sees it: urn -> its text cells."""
    text = (folder / "csv" / f"{table}.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == ["urn", "school_name", "la_name", "pct"]
    return {int(row[0]): row[1:] for row in rows[1:]}


def test_formula_payloads_are_neutralised_in_the_csv_only(school_paths: FrontlinePaths) -> None:
    release = publish_release(school_paths, [SCHOOLS, CLEAN], [passing_check()], SOURCES)

    cells = csv_cells(release.folder, "rpt_education_ks2_school_results")
    for urn, (_, shown) in SCHOOL_NAMES.items():
        assert cells[urn][0] == ("" if shown is None else shown), urn
    assert cells[1][1] == "'-Bolton" and cells[2][1] == "Bolton"
    assert {row[2] for row in cells.values()} == {"-2.5"}  # a number is never touched

    # inside a quoted field; NULL stays an empty unquoted field, an empty string is ""
    raw = (release.folder / "csv/rpt_education_ks2_school_results.csv").read_bytes().decode()
    assert raw.startswith("\ufeffurn,")  # the byte-order mark, then the header
    assert '1,"\'=HYPERLINK(""http://x"",""y"")","\'-Bolton",-2.5\n' in raw
    assert '4,"\'-2+3","Bolton",-2.5\n' in raw
    assert '9,"","Bolton",-2.5\n' in raw
    assert '10,,"Bolton",-2.5\n' in raw

    # Parquet and both databases keep the true value
    expected = set(landed_rows())
    parquet = release.folder / "parquet/rpt_education_ks2_school_results.parquet"
    assert set(duckdb.connect().execute(f"select * from '{parquet}'").fetchall()) == expected
    for db in (school_paths.published_db, release.folder / "frontline.duckdb"):
        with duckdb.connect(str(db), read_only=True) as published:
            assert set(published.execute(f"select * from {SCHOOLS}").fetchall()) == expected

    # the manifest says what was done, and how often
    manifest = json.loads((release.folder / "manifest.json").read_text())
    marts = {m["table"]: m for m in manifest["marts"]}
    assert marts[SCHOOLS]["csv_formula_cells_neutralised"] == NEUTRALISED + 1  # + '-Bolton'
    assert marts[SCHOOLS]["csv_formula_cells_by_column"] == {
        "school_name": NEUTRALISED,
        "la_name": 1,
    }
    assert marts[CLEAN]["csv_formula_cells_neutralised"] == 0
    assert marts[CLEAN]["csv_formula_cells_by_column"] == {}
    assert "OWASP" in manifest["csv_dialect"]["formula_cells"]


def test_a_mart_without_payloads_is_written_as_before(school_paths: FrontlinePaths) -> None:
    release = publish_release(school_paths, [CLEAN], [passing_check()], SOURCES)
    assert (release.folder / "csv/dim_organisation.csv").read_bytes() == (
        b'\xef\xbb\xbforganisation_code,name\nE23000005,West Midlands\nX,""\n'
    )


def test_neutralised_csvs_are_byte_deterministic(school_paths: FrontlinePaths) -> None:
    first = publish_release(school_paths, [SCHOOLS, CLEAN], [passing_check()], SOURCES)
    second = publish_release(school_paths, [SCHOOLS, CLEAN], [passing_check()], SOURCES)
    assert second.content_sha256 == first.content_sha256
    for name in ("rpt_education_ks2_school_results", "dim_organisation"):
        assert sha256(first.folder / f"csv/{name}.csv") == sha256(second.folder / f"csv/{name}.csv")
