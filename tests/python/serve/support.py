"""Helpers for the `frontline serve` tests: a real server in a temporary folder, release folders
written by hand, and a table checksum DuckDB and PostgreSQL compute alike."""

from __future__ import annotations

import json
import os
import shutil
import socket
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import psycopg

from orchestration.serve.access import apply_access
from orchestration.serve.loader import LATEST, RELEASE_DB_NAME, RELEASE_JSON, PublishedRelease
from orchestration.serve.server import RunningServer, start_server
from orchestration.serve.settings import DATABASE, READER_ROLE, ServeLayout

READER_PASSWORD = "reader-secret-for-tests"


@contextmanager
def server_root() -> Iterator[Path]:
    """A folder for a test server's files outside pytest's temporary folders: when the tests run
    as root the server runs as another OS user, which must be able to enter every folder above
    its data, and pytest closes its own base folder to other users whenever a pytest starts."""
    root = Path(tempfile.mkdtemp(prefix="frontline-serve-test-"))
    try:
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_test_server(root: Path, statement_timeout: str = "60s") -> RunningServer:
    """A server under ``root`` on a free port, with the roles `frontline serve` sets up."""
    layout = ServeLayout.for_root(root / "postgres", root / "logs")
    server = start_server(layout, "127.0.0.1", free_port())
    try:
        apply_access(server, READER_PASSWORD, statement_timeout)
    except BaseException:
        server.stop()
        raise
    return server


def reader(server: RunningServer, password: str = READER_PASSWORD, **kwargs) -> psycopg.Connection:
    """``bi_reader`` over TCP, as a BI tool connects."""
    return psycopg.connect(
        host="127.0.0.1",
        port=server.port,
        dbname=DATABASE,
        user=READER_ROLE,
        password=password,
        sslmode="disable",
        **kwargs,
    )


def write_release(
    releases_dir: Path,
    release_id: str,
    build: Callable[[duckdb.DuckDBPyConnection], None],
    latest: bool = True,
) -> PublishedRelease:
    """A release folder as a publish leaves it (release.json and frontline.duckdb with
    ``main.release``); ``build`` creates the marts. With ``latest`` the link is switched to it
    the way a publish switches it (a new link renamed over the old)."""
    folder = releases_dir / release_id
    folder.mkdir(parents=True)
    with duckdb.connect(str(folder / RELEASE_DB_NAME)) as duck:
        duck.execute("create schema marts")
        duck.execute(
            "create table main.release (release_id varchar, created_at timestamptz, "
            "content_sha256 varchar, frontline_version varchar, synthetic boolean)"
        )
        duck.execute(
            "insert into main.release values (?, timestamptz '2026-01-02 03:04:05+00', ?, "
            "'0.1.0', false)",
            [release_id, "0" * 64],
        )
        duck.execute("comment on table main.release is 'The release this database holds.'")
        build(duck)
    (folder / RELEASE_JSON).write_text(json.dumps({"release_id": release_id}))
    if latest:
        point_latest(releases_dir, release_id)
    return PublishedRelease(release_id, folder)


def point_latest(releases_dir: Path, release_id: str) -> None:
    link = releases_dir / f".tmp-{LATEST}"
    link.unlink(missing_ok=True)
    os.symlink(release_id, link)
    os.replace(link, releases_dir / LATEST)


# --- a checksum both engines compute alike -------------------------------------------------
# Per table: the row count and the sum of the first 60 bits of each row's md5 (of its canonical
# text), which no order of the rows changes, so neither engine sorts. A row's text joins its
# columns' texts with U+001F; NULL is written \N. A value's canonical text is PostgreSQL's own
# (::text), which DuckDB's (::varchar) already matches for integers, decimals, booleans, dates,
# timestamps (both sessions in UTC) and text. Doubles (and reals, widened to double exactly):
# below 1e15 both write the shortest exact digits, DuckDB with '.0' after an integral value,
# which is dropped here; from 1e15 up their layouts (and, for integral values beyond 2**53, their
# digits) differ, so both write 17 significant digits in scientific notation, DuckDB with
# printf('%.16e') and PostgreSQL with to_char(x, '0.0000000000000000EEEE'), which round alike
# (C's %e); NaN and the infinities by name.
DOUBLE_TYPES = {"DOUBLE", "FLOAT", "double precision", "real"}
LARGE = "1e15::float8"  # a double in both engines (a bare 1e15 is numeric in PostgreSQL)


def _duckdb_text(name: str, data_type: str) -> str:
    column = f'"{name}"'
    if data_type in DOUBLE_TYPES:
        x = f"{column}::double"
        text = (
            f"case when isnan({x}) then 'NaN' when {x} = 'infinity'::double then 'Infinity' "
            f"when {x} = '-infinity'::double then '-Infinity' "
            f"when abs({x}) >= {LARGE} then printf('%.16e', {x}) "
            f"when ends_with({x}::varchar, '.0') then left({x}::varchar, -2) "
            f"else {x}::varchar end"
        )
    else:
        text = f"{column}::varchar"
    return f"coalesce({text}, '\\N')"


def _postgres_text(name: str, data_type: str) -> str:
    column = f'"{name}"'
    if data_type in DOUBLE_TYPES:
        x = f"{column}::float8"
        text = (
            f"case when {x} = 'NaN' or abs({x}) = 'Infinity' then {x}::text "
            f"when abs({x}) >= {LARGE} then trim(to_char({x}, '0.0000000000000000EEEE')) "
            f"else {x}::text end"
        )
    else:
        text = f"{column}::text"
    return f"coalesce({text}, '\\N')"


def _checksum_sql(table: str, texts: list[str], hash_as_integer: str) -> str:
    row = " || chr(31) || ".join(texts) if texts else "''"
    leading_bits = hash_as_integer.format(hex=f"left(md5({row}), 15)")
    return f"select count(*), coalesce(sum({leading_bits}), 0)::text from {table}"


def duckdb_checksum(duck: duckdb.DuckDBPyConnection, schema: str, table: str) -> tuple[int, str]:
    columns = duck.execute(
        "select column_name, data_type from duckdb_columns() "
        "where schema_name = ? and table_name = ? order by column_index",
        [schema, table],
    ).fetchall()
    duck.execute("set timezone = 'UTC'")
    texts = [_duckdb_text(name, data_type) for name, data_type in columns]
    query = _checksum_sql(f'"{schema}"."{table}"', texts, "('0x' || {hex})::bigint")
    count, total = duck.execute(query).fetchone()
    return count, total


def postgres_checksum(conn: psycopg.Connection, schema: str, table: str) -> tuple[int, str]:
    columns = conn.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_schema = %s and table_name = %s order by ordinal_position",
        [schema, table],
    ).fetchall()
    conn.execute("set timezone = 'UTC'")
    texts = [_postgres_text(name, data_type) for name, data_type in columns]
    query = _checksum_sql(f'"{schema}"."{table}"', texts, "('x' || {hex})::bit(60)::bigint")
    count, total = conn.execute(query).fetchone()
    return count, total
