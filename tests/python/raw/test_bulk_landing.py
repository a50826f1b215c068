"""Street files landed in bulk (DuckDB's reader) land exactly what the exact reader lands.

Each case lands the same files twice: through `land_files` with the street source as catalogued
(plain files go to DuckDB's reader, bulk_landing.py) and with the source's exact reader alone
(the csv module, row by row), and compares the raw table, the rejects and the load log, or the
one-line error. Which files went to the exact reader is recorded too, so a case also shows the
bulk path was taken where it should be (and only there).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Callable
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from orchestration.raw.catalog import SOURCES_BY_NAME
from orchestration.raw.landing import bulk_landing, land
from orchestration.raw.landing.shape import LoadError
from orchestration.raw.landing.synthetic import sidecar_path
from orchestration.raw.parsers import police_uk_street
from orchestration.raw.police_uk_drop_folder import triage

from .conftest import STREET_DIR

STREET = SOURCES_BY_NAME["police_uk_street_crime"]
EXACT = dataclasses.replace(STREET, parser=police_uk_street.parse_exactly)
LOADED_AT = dt.datetime(2024, 1, 1, 9, 0)
LATER = dt.datetime(2024, 2, 1, 9, 0)
DROP = Path("police") / "police_uk_street"
CITY = "2017-01-city-of-london-street.csv"  # LF line breaks
GWENT = "2022-10-gwent-street.csv"  # CRLF line breaks
TABLES = ("police_uk_street_crime", "_rejects", "_load_log")


def head(name: str, records: int = 30) -> bytes:
    """The header and the first `records` records of a shipped file, as shipped."""
    return b"".join((STREET_DIR / name).read_bytes().splitlines(keepends=True)[: records + 1])


def write(data_dir: Path, name: str, content: bytes) -> Path:
    path = data_dir / DROP / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def snapshot(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    return {table: con.execute(f"select * from raw.{table} order by all").df() for table in TABLES}


@pytest.fixture
def exact_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files `land_files` handed to the exact reader."""
    calls: list[str] = []
    original = land._land_exactly

    def spy(con, source, path, data_dir, loaded_at, **options):
        calls.append(path.name)
        return original(con, source, path, data_dir, loaded_at, **options)

    monkeypatch.setattr(land, "_land_exactly", spy)
    return calls


def land_both(paths: list[Path], data_dir: Path, loaded_at: dt.datetime = LOADED_AT):
    """(bulk outcome, exact outcome): each the results and tables, or the error's line."""
    outcomes = []
    for source in (STREET, EXACT):
        con = duckdb.connect()
        try:
            results = land.land_files(con, source, paths, data_dir, loaded_at)
            outcomes.append(([dataclasses.astuple(r) for r in results], snapshot(con)))
        except LoadError as error:
            outcomes.append(("error", str(error)))
        finally:
            con.close()
    return outcomes


def assert_same(bulk, exact) -> None:
    assert bulk[0] == exact[0]
    if bulk[0] == "error":
        assert bulk[1] == exact[1]
        return
    for table in TABLES:
        pd.testing.assert_frame_equal(bulk[1][table], exact[1][table], check_dtype=False)


def lines(content: bytes) -> list[bytes]:
    return content.splitlines(keepends=True)


def edit_record(number: int, edit: Callable[[bytes], bytes]) -> Callable[[bytes], bytes]:
    """Record `number` (1 = the header) edited, its line break kept."""

    def apply(content: bytes) -> bytes:
        found = lines(content)
        body = found[number - 1].rstrip(b"\r\n")
        found[number - 1] = edit(body) + found[number - 1][len(body) :]
        return b"".join(found)

    return apply


def set_fields(number: int, values: dict[int, bytes]) -> Callable[[bytes], bytes]:
    """Fields of record `number` (by 0-based column) replaced."""

    def edit(body: bytes) -> bytes:
        fields = body.split(b",")
        for column, value in values.items():
            fields[column] = value
        return b",".join(fields)

    return edit_record(number, edit)


def set_field(number: int, column: int, value: bytes) -> Callable[[bytes], bytes]:
    return set_fields(number, {column: value})


def short_and_long_rows(content: bytes) -> bytes:
    """Record 3 one field short, record 5 one field long: the file's comma count is right."""
    shortened = edit_record(3, lambda body: body.rsplit(b",", 1)[0])(content)
    return edit_record(5, lambda body: body + b",x")(shortened)


# (case, shipped file, edit, whether DuckDB's reader lands it)
CASES = [
    ("plain LF", CITY, lambda c: c, True),
    ("plain CRLF", GWENT, lambda c: c, True),
    ("byte-order mark", CITY, lambda c: b"\xef\xbb\xbf" + c, True),
    ("header only", CITY, lambda c: lines(c)[0], True),
    ("spaces around labels", CITY, lambda c: c.replace(b"Crime ID,", b" Crime ID ,", 1), True),
    ("text that is no comment or null", CITY, set_field(4, 6, b"#NULL\t x "), True),
    ("empty published fields", GWENT, set_field(5, 11, b""), True),
    ("a trailing empty field", CITY, edit_record(3, lambda b: b + b","), False),
    ("two trailing empty fields", GWENT, edit_record(3, lambda b: b + b",,"), False),
    ("a short row and a long one", CITY, short_and_long_rows, False),
    ("another month's row", CITY, set_field(6, 1, b"2017-02"), False),
    ("an empty crime type", GWENT, set_field(6, 9, b""), False),
    ("a blank crime type", GWENT, set_field(6, 9, b" \t"), False),
    ("a crime type with no ASCII letter", CITY, set_field(6, 9, "\u2014".encode()), False),
    ("a quoted field with a comma", CITY, set_field(7, 6, b'"On or near A, B"'), False),
    ("a space before a quote", CITY, set_field(7, 6, b' "On or near A"'), False),
    ("a blank line", CITY, edit_record(8, lambda b: b + b"\n"), False),
    ("a trailing blank line", GWENT, lambda c: c + b"\r\n", False),
    ("no final line break", CITY, lambda c: c.rstrip(b"\n"), False),
    ("LF and CRLF mixed", GWENT, lambda c: c.replace(b"\r\n", b"\n", 2), False),
    ("a lone carriage return", CITY, set_field(5, 6, b"On or\rnear"), False),
    ("latin-1", CITY, set_field(5, 6, "Caf\u00e9".encode("latin-1")), False),
    ("UTF-8 text", CITY, set_field(5, 6, "On or near Heol y Fr\u00e2n".encode()), True),
    ("a NUL byte", CITY, set_field(5, 6, b"On\x00near"), False),
    ("a field over the csv limit", CITY, set_field(5, 6, b"x" * 131_073), False),
    ("a line over the limit", CITY, set_fields(5, {6: b"y" * 70_000, 8: b"z" * 70_000}), False),
    ("a renamed column", CITY, lambda c: c.replace(b"Crime type", b"Offence type", 1), False),
    ("a stray comma after the header", CITY, edit_record(1, lambda b: b + b","), False),
]


@pytest.mark.parametrize(("name", "shipped", "edit", "bulk"), CASES, ids=[c[0] for c in CASES])
def test_bulk_lands_what_the_exact_reader_lands(
    name: str,
    shipped: str,
    edit: Callable[[bytes], bytes],
    bulk: bool,
    tmp_path: Path,
    exact_calls: list[str],
) -> None:
    path = write(tmp_path, shipped, edit(head(shipped)))
    bulk_outcome, exact_outcome = land_both([path], tmp_path)
    assert_same(bulk_outcome, exact_outcome)
    # the exact route calls the exact reader once; the bulk route once more where it must
    assert exact_calls.count(path.name) == (1 if bulk else 2)


def test_a_month_of_files_lands_in_bulk_but_a_file_with_a_reject(
    tmp_path: Path, exact_calls: list[str]
) -> None:
    """One file of the month has a row of another month: DuckDB's INSERT stops, the month's
    files are tried alone, and only that file goes to the exact reader (its row rejected)."""
    city = head(CITY)
    forces = {"dorset": b"Dorset Police", "kent": b"Kent Police", "surrey": b"Surrey Police"}
    paths = [
        write(tmp_path, f"2017-01-{slug}-street.csv", city.replace(b"City of London Police", name))
        for slug, name in forces.items()
    ]
    paths[1].write_bytes(set_field(9, 1, b"2016-12")(paths[1].read_bytes()))
    bulk_outcome, exact_outcome = land_both(paths, tmp_path)
    assert_same(bulk_outcome, exact_outcome)
    assert [r[4] for r in bulk_outcome[0]] == [0, 1, 0]  # rows rejected, by file
    rejects = bulk_outcome[1]["_rejects"]
    assert rejects[["source_file", "row_number", "reason"]].values.tolist() == [
        [f"{DROP.as_posix()}/2017-01-kent-street.csv", 9, "month differs from file month 2017-01"]
    ]
    assert sorted(exact_calls) == sorted([*(p.name for p in paths), "2017-01-kent-street.csv"])


def test_row_numbers_are_the_files_lines(tmp_path: Path) -> None:
    content = head(GWENT, 200)
    path = write(tmp_path, GWENT, content)
    con = duckdb.connect()
    land.land_files(con, STREET, [path], tmp_path, LOADED_AT)
    landed = con.execute(
        "select _row_number, crime_id, location from raw.police_uk_street_crime order by 1"
    ).fetchall()
    expected = [
        (number, *line.rstrip(b"\r\n").decode().split(",")[0:7:6])
        for number, line in enumerate(lines(content), start=1)
        if number > 1
    ]
    assert landed == expected


def test_whole_months_of_shipped_files_land_as_the_exact_reader_lands_them(
    tmp_path: Path, exact_calls: list[str]
) -> None:
    names = sorted(p.name for p in STREET_DIR.glob("*-street.csv"))
    chosen = names[:4] + names[-4:]  # City of London (LF) and Gwent (CRLF)
    paths = [write(tmp_path, name, (STREET_DIR / name).read_bytes()) for name in chosen]
    bulk_outcome, exact_outcome = land_both(paths, tmp_path)
    assert_same(bulk_outcome, exact_outcome)
    assert sorted(exact_calls) == chosen  # the exact route's; the bulk route used none
    records = sum(len(lines(path.read_bytes())) - 1 for path in paths)
    assert [r[3] for r in bulk_outcome[0]] and sum(r[3] for r in bulk_outcome[0]) == records


def test_relanding_skips_unchanged_files_and_replaces_a_changed_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    removed: list[str] = []
    original = bulk_landing.remove_file_rows

    def spy(con, table, source_file):
        removed.append(source_file)
        original(con, table, source_file)

    monkeypatch.setattr(bulk_landing, "remove_file_rows", spy)
    monkeypatch.setattr(land, "remove_file_rows", spy)
    paths = [write(tmp_path, name, head(name, 50)) for name in (CITY, GWENT)]
    first = land_both(paths, tmp_path)
    assert removed == []  # new files: nothing to delete, no table scanned
    bulk = duckdb.connect()
    land.land_files(bulk, STREET, paths, tmp_path, LOADED_AT)
    again = land.land_files(bulk, STREET, paths, tmp_path, LATER)
    assert all(result.skipped for result in again)
    assert_same((first[0][0], snapshot(bulk)), first[1])

    paths[1].write_bytes(head(GWENT, 20))  # a re-issue with fewer rows
    removed.clear()
    changed = land.land_files(bulk, STREET, paths, tmp_path, LATER)
    assert [result.skipped for result in changed] == [True, False]
    assert removed == [f"{DROP.as_posix()}/{GWENT}"]
    counts = bulk.execute(
        "select _source_file, count(*), max(_loaded_at) from raw.police_uk_street_crime"
        " group by all order by 1"
    ).fetchall()
    assert counts == [
        (f"{DROP.as_posix()}/{CITY}", 50, LOADED_AT),
        (f"{DROP.as_posix()}/{GWENT}", 20, LATER),
    ]
    log = bulk.execute("select source_file, rows_landed, loaded_at from raw._load_log order by 1")
    assert log.fetchall() == [
        (f"{DROP.as_posix()}/{CITY}", 50, LOADED_AT),
        (f"{DROP.as_posix()}/{GWENT}", 20, LATER),
    ]


def test_a_file_named_twice_lands_once(tmp_path: Path) -> None:
    path = write(tmp_path, CITY, head(CITY))
    con = duckdb.connect()
    results = land.land_files(con, STREET, [path, path], tmp_path, LOADED_AT)
    assert [(r.rows_landed, r.skipped) for r in results] == [(30, False), (30, True)]
    assert con.execute("select count(*) from raw.police_uk_street_crime").fetchone() == (30,)


def test_a_bad_file_stops_the_landing_after_the_months_before_it(tmp_path: Path) -> None:
    good = write(tmp_path, CITY, head(CITY))
    bad = write(tmp_path, GWENT, head(GWENT).replace(b"LSOA code", b"LSOA", 1))
    con = duckdb.connect()
    with pytest.raises(LoadError, match=f"^{DROP.as_posix()}/{GWENT}: header mismatch"):
        land.land_files(con, STREET, [good, bad], tmp_path, LOADED_AT)
    landed = con.execute("select source_file, rows_landed from raw._load_log").fetchall()
    assert landed == [(f"{DROP.as_posix()}/{CITY}", 30)]


def test_the_drop_folders_reads_are_reused_while_the_files_are_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Triage reads every file (its forces); landing takes the plain layout from that read, and
    checks again a file that changed since."""
    city, gwent = (write(tmp_path, name, head(name, 40)) for name in (CITY, GWENT))
    folder = triage(tmp_path / DROP, today=dt.date(2026, 1, 1))
    assert set(folder.scans) == {city, gwent}
    gwent.write_bytes(head(GWENT, 25))  # re-issued after the triage: another size
    scanned: list[str] = []
    original = bulk_landing.scan_file

    def spy(path: Path, headers):
        scanned.append(path.name)
        return original(path, headers)

    monkeypatch.setattr(bulk_landing, "scan_file", spy)
    con = duckdb.connect()
    results = land.land_files(con, STREET, [city, gwent], tmp_path, LOADED_AT, folder.scans)
    assert scanned == [GWENT]
    assert [r.rows_landed for r in results] == [40, 25]
    assert results[1].sha256 == hashlib.sha256(gwent.read_bytes()).hexdigest()
    assert results[0].sha256 == hashlib.sha256(city.read_bytes()).hexdigest()


def test_a_sidecar_added_later_relabels_the_file_synthetic(tmp_path: Path) -> None:
    path = write(tmp_path, CITY, head(CITY))
    con = duckdb.connect()
    assert land.land_files(con, STREET, [], tmp_path, LOADED_AT) == []
    [first] = land.land_files(con, STREET, [path], tmp_path, LOADED_AT)
    sidecar_path(path).write_text("{}")
    [second] = land.land_files(con, STREET, [path], tmp_path, LATER)
    assert (first.synthetic, second.synthetic, second.skipped) == (False, True, False)
    logged = con.execute("select synthetic, rows_landed, loaded_at from raw._load_log").fetchall()
    assert logged == [(True, 30, LATER)]
    assert con.execute("select count(*) from raw.police_uk_street_crime").fetchone() == (30,)


def test_months_land_side_by_side_as_the_exact_reader_lands_them(
    tmp_path: Path, exact_calls: list[str]
) -> None:
    """Six months on four cursors at once, two of them with a file for the exact reader: the
    same rows, rejects and log as landing each file exactly, one after another."""
    names = sorted(p.name for p in STREET_DIR.glob("*-street.csv"))
    chosen = names[:3] + names[-3:]
    edits = {
        chosen[1]: edit_record(3, lambda body: body + b","),  # not plain: a trailing field
        chosen[4]: set_field(5, 1, b"2001-01"),  # plain, but a row of another month
    }
    paths = [
        write(tmp_path, name, edits.get(name, lambda c: c)(head(name, 300))) for name in chosen
    ]
    con = duckdb.connect()
    con.execute("set threads = 4")
    assert land._workers(con) == 4
    bulk = land.land_files(con, STREET, paths, tmp_path, LOADED_AT)
    exact_con = duckdb.connect()
    exact = land.land_files(exact_con, EXACT, paths, tmp_path, LOADED_AT)
    assert [dataclasses.astuple(r) for r in bulk] == [dataclasses.astuple(r) for r in exact]
    assert_same((None, snapshot(con)), (None, snapshot(exact_con)))
    assert [r.rows_rejected for r in bulk] == [0, 1, 0, 0, 1, 0]
    assert sorted(exact_calls) == sorted([*chosen, chosen[1], chosen[4]])


def test_a_first_landing_that_lands_nothing_leaves_no_table(tmp_path: Path) -> None:
    bad = write(tmp_path, CITY, head(CITY).replace(b"LSOA code", b"LSOA", 1))
    con = duckdb.connect()
    with pytest.raises(LoadError, match="header mismatch"):
        land.land_files(con, STREET, [bad], tmp_path, LOADED_AT)
    tables = con.execute("select table_name from information_schema.tables order by 1")
    assert [name for (name,) in tables.fetchall()] == ["_load_log", "_quarantine", "_rejects"]
