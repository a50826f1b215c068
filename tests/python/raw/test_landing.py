from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from orchestration.raw.catalog import SOURCES_BY_NAME
from orchestration.raw.landing.land import LOADER_VERSION, land_file
from orchestration.raw.landing.parsed import ParsedFile
from orchestration.raw.landing.shape import LoadError, ShapeError

from .conftest import DEC_2019, STREET_DIR, copy_into

P1 = SOURCES_BY_NAME["ons_pfa_p1_recorded_crime"]
STREET = SOURCES_BY_NAME["police_uk_street_crime"]
FIRST = dt.datetime(2024, 1, 1, 9, 0)
SECOND = dt.datetime(2024, 1, 2, 9, 0)
STREET_FILE = "police/police_uk_street/2017-03-city-of-london-street.csv"


def snapshot(con: duckdb.DuckDBPyConnection, table: str) -> pd.DataFrame:
    return con.execute(f"select * from raw.{table} order by all").df()


def test_landed_rows_carry_lineage(con: duckdb.DuckDBPyConnection, data_dir: Path) -> None:
    result = land_file(con, P1, DEC_2019, data_dir, loaded_at=FIRST)
    assert (result.rows_landed, result.rows_rejected, result.skipped) == (56, 0, False)
    assert result.source_file == "police/ons_pfa_tables/pfatablesdec19.xlsx"
    lineage = con.execute(
        "select _source_file, _sheet, _sha256, _row_number, _loaded_at, year_ending"
        " from raw.ons_pfa_p1_recorded_crime where area_name = 'Cleveland'"
    ).fetchone()
    assert lineage == (
        "police/ons_pfa_tables/pfatablesdec19.xlsx",
        "Table P1",
        result.sha256,
        10,
        FIRST,
        dt.date(2019, 12, 31),
    )


def test_landing_the_same_file_twice_changes_nothing(
    con: duckdb.DuckDBPyConnection, data_dir: Path
) -> None:
    land_file(con, P1, DEC_2019, data_dir, loaded_at=FIRST)
    rows, log = snapshot(con, "ons_pfa_p1_recorded_crime"), snapshot(con, "_load_log")
    again = land_file(con, P1, DEC_2019, data_dir, loaded_at=SECOND)
    assert again.skipped and again.rows_landed == 56
    pd.testing.assert_frame_equal(snapshot(con, "ons_pfa_p1_recorded_crime"), rows)
    pd.testing.assert_frame_equal(snapshot(con, "_load_log"), log)
    assert log["loaded_at"].tolist() == [pd.Timestamp(FIRST)]


def test_changed_bytes_replace_that_files_rows(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    path = copy_into(tmp_path, STREET_DIR / "2017-03-city-of-london-street.csv", STREET_FILE)
    other = copy_into(
        tmp_path,
        STREET_DIR / "2017-04-city-of-london-street.csv",
        "police/police_uk_street/2017-04-city-of-london-street.csv",
    )
    first = land_file(con, STREET, path, tmp_path, loaded_at=FIRST)
    april = land_file(con, STREET, other, tmp_path, loaded_at=FIRST)
    lines = path.read_text().splitlines()
    path.write_text("\n".join(lines[:11]) + "\n")  # the re-issue has 10 rows
    second = land_file(con, STREET, path, tmp_path, loaded_at=SECOND)
    assert not second.skipped and second.sha256 != first.sha256
    counts = con.execute(
        "select _source_file, count(*), min(_sha256), max(_loaded_at)"
        " from raw.police_uk_street_crime group by all order by 1"
    ).fetchall()
    assert counts == [
        (STREET_FILE, 10, second.sha256, SECOND),
        (april.source_file, april.rows_landed, april.sha256, FIRST),
    ]
    log = con.execute("select source_file, sha256 from raw._load_log order by 1").fetchall()
    assert log == [(STREET_FILE, second.sha256), (april.source_file, april.sha256)]


def test_bad_rows_go_to_rejects_and_good_rows_land(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    path = copy_into(tmp_path, STREET_DIR / "2017-03-city-of-london-street.csv", STREET_FILE)
    lines = path.read_text().splitlines()
    lines[5] = lines[5].replace(",2017-03,", ",2017-04,")
    path.write_text("\n".join(lines) + "\n")
    result = land_file(con, STREET, path, tmp_path, loaded_at=FIRST)
    assert (result.rows_landed, result.rows_rejected) == (len(lines) - 2, 1)
    reject = con.execute(
        "select raw_table, source_file, sheet, row_number, column_name, value, reason, sha256"
        " from raw._rejects"
    ).fetchone()
    assert reject == (
        "police_uk_street_crime",
        STREET_FILE,
        None,
        6,
        "month",
        "2017-04",
        "month differs from file month 2017-03",
        result.sha256,
    )
    landed = con.execute("select count(*) from raw.police_uk_street_crime").fetchone()
    assert landed == (len(lines) - 2,)


def test_a_shape_error_leaves_the_table_as_it_was(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    path = copy_into(tmp_path, STREET_DIR / "2017-03-city-of-london-street.csv", STREET_FILE)
    land_file(con, STREET, path, tmp_path, loaded_at=FIRST)
    before = snapshot(con, "police_uk_street_crime")
    path.write_text(path.read_text().replace("LSOA code", "LSOA", 1))
    with pytest.raises(ShapeError, match="2017-03-city-of-london-street.csv"):
        land_file(con, STREET, path, tmp_path, loaded_at=SECOND)
    pd.testing.assert_frame_equal(snapshot(con, "police_uk_street_crime"), before)


def test_a_failure_inside_the_transaction_rolls_back(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    path = copy_into(tmp_path, STREET_DIR / "2017-03-city-of-london-street.csv", STREET_FILE)
    land_file(con, STREET, path, tmp_path, loaded_at=FIRST)
    before = snapshot(con, "police_uk_street_crime")
    log = snapshot(con, "_load_log")

    def parse_with_new_column(p: Path) -> ParsedFile:
        parsed = STREET.parser(p)
        return dataclasses.replace(parsed, rows=parsed.rows.assign(surprise="x"))

    changed = dataclasses.replace(STREET, parser=parse_with_new_column)
    path.write_text(path.read_text() + "\n")  # new bytes, so the load is attempted
    with pytest.raises(ShapeError, match="do not match existing table"):
        land_file(con, changed, path, tmp_path, loaded_at=SECOND)
    pd.testing.assert_frame_equal(snapshot(con, "police_uk_street_crime"), before)
    pd.testing.assert_frame_equal(snapshot(con, "_load_log"), log)


def test_rows_rejected_counts_rows_not_problem_cells(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    path = copy_into(tmp_path, STREET_DIR / "2017-03-city-of-london-street.csv", STREET_FILE)
    lines = path.read_text().splitlines()
    fields = lines[5].split(",")
    fields[1], fields[9] = "2017-04", ""  # row 6: another month and no crime type
    lines[5] = ",".join(fields)
    path.write_text("\n".join(lines) + "\n")
    result = land_file(con, STREET, path, tmp_path, loaded_at=FIRST)
    reasons = con.execute("select row_number, reason from raw._rejects order by 2").fetchall()
    assert reasons == [(6, "crime type is empty"), (6, "month differs from file month 2017-03")]
    assert result.rows_rejected == 1
    logged = con.execute("select rows_rejected from raw._load_log").fetchone()
    assert logged == (1,)


def test_a_parser_failure_is_one_load_error_naming_the_data_folder_path(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    path = copy_into(tmp_path, STREET_DIR / "2017-03-city-of-london-street.csv", STREET_FILE)

    def broken_parser(p: Path) -> ParsedFile:
        raise KeyError("a bug or a file no parser foresaw")

    with pytest.raises(LoadError) as raised:
        land_file(con, dataclasses.replace(STREET, parser=broken_parser), path, tmp_path)
    assert str(raised.value) == (
        f"{STREET_FILE}: expected a file that police_uk_street_crime's parser reads, found one "
        "it fails on (KeyError: 'a bug or a file no parser foresaw')"
    )
    assert isinstance(raised.value.__cause__, KeyError)  # the traceback stays for the log


def test_a_file_logged_by_an_older_loader_lands_again(
    con: duckdb.DuckDBPyConnection, data_dir: Path
) -> None:
    """Same bytes, newer parsers: the stale rows and rejects are replaced, not kept."""
    land_file(con, P1, DEC_2019, data_dir, loaded_at=FIRST)
    con.execute("update raw._load_log set loader_version = null, rows_rejected = 3")
    con.execute(
        "insert into raw._rejects values ('ons_pfa_p1_recorded_crime', ?, 'Table P1', 99,"
        " null, '', 'a reason an older parser gave', 'x', ?)",
        ["police/ons_pfa_tables/pfatablesdec19.xlsx", FIRST],
    )
    again = land_file(con, P1, DEC_2019, data_dir, loaded_at=SECOND)
    assert not again.skipped and (again.rows_landed, again.rows_rejected) == (56, 0)
    assert con.execute("select count(*) from raw._rejects").fetchone() == (0,)
    logged = con.execute("select rows_rejected, loader_version, loaded_at from raw._load_log")
    assert logged.fetchall() == [(0, LOADER_VERSION, SECOND)]
    assert land_file(con, P1, DEC_2019, data_dir, loaded_at=SECOND).skipped


def test_a_period_shipped_twice_is_refused_in_one_line(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    original = copy_into(tmp_path, DEC_2019, "police/ons_pfa_tables/pfatablesdec19.xlsx")
    copy = copy_into(tmp_path, DEC_2019, "police/ons_pfa_tables/pfatablesdec19-copy.xlsx")
    land_file(con, P1, original, tmp_path, loaded_at=FIRST)
    before = snapshot(con, "ons_pfa_p1_recorded_crime")

    with pytest.raises(LoadError) as refused:
        land_file(con, P1, copy, tmp_path, loaded_at=SECOND)

    assert str(refused.value) == (
        "police/ons_pfa_tables/pfatablesdec19-copy.xlsx: expected a new edition, found "
        "year_ending 2019-12-31 already loaded from police/ons_pfa_tables/pfatablesdec19.xlsx "
        "(one period shipped twice under two names: remove one)"
    )
    pd.testing.assert_frame_equal(snapshot(con, "ons_pfa_p1_recorded_crime"), before)
    # the same file re-issued under its own name is a new version of it, not a second edition
    assert land_file(con, P1, original, tmp_path, loaded_at=SECOND).skipped
