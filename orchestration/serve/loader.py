"""Loading a release into PostgreSQL and swapping it in, so a client never sees half a release.

A release is loaded into a schema of its own (``marts_load_<release id>``), which ``bi_reader``
cannot use: per table one transaction creates it with mapped types, copies the rows in
(``COPY ... FREEZE``: the rows are written frozen, so no reader's first query rewrites the pages),
adds the primary key, the indexes for the common filters and the comments, and analyses it.

The swap is one transaction: ``marts`` is renamed ``marts_old_<xid>``, the loaded schema
``marts``, and ``bi_reader`` is granted it. Renaming a schema takes no lock on its tables, so the
swap neither waits for nor blocks running queries: a query that started before it finishes on
the release it started on (its tables are the old schema's), and every statement after it
resolves ``marts.<table>`` to the new release, whole. The one reader that could still see the
new release wrongly is one whose snapshot predates the load (a REPEATABLE READ transaction, or a
statement still running): the loaded rows are invisible to such a snapshot, so the new tables
would read as empty. The swap therefore first waits until no session holds a snapshot older than
the load (``wait_for_older_snapshots``; ``bi_reader``'s statement and idle-in-transaction
timeouts bound the wait, and a session that outlasts ``MAX_SNAPSHOT_WAIT_S`` is ended).

The retired schema is dropped in a transaction of its own, afterwards, with a short lock timeout:
a reader whose open transaction still holds one of its tables delays the drop (retried at the
next poll), never the swap.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from orchestration.serve.catalog import Table, release_tables
from orchestration.serve.copy_stream import stream_csv
from orchestration.serve.settings import PUBLISHED_SCHEMA, READER_ROLE, RELEASE_TABLE

if TYPE_CHECKING:
    import duckdb
    import psycopg

# A release folder's layout (orchestration/publish/latest.py and seal.py; a test keeps them equal:
# importing the publish package costs a second and a half)
LATEST = "latest"
RELEASE_JSON = "release.json"
RELEASE_DB_NAME = "frontline.duckdb"
LOAD_PREFIX = f"{PUBLISHED_SCHEMA}_load_"
RETIRED_PREFIX = f"{PUBLISHED_SCHEMA}_old_"
MAX_NAME = 63  # PostgreSQL's identifier length
MAX_SNAPSHOT_WAIT_S = 600.0
DROP_LOCK_TIMEOUT = "500ms"  # under deadlock_timeout (1 s): the drop gives way, never a reader


class LoadCancelled(Exception):
    """The load stopped between tables because `frontline serve` is stopping."""


@dataclass(frozen=True)
class PublishedRelease:
    """A release folder: its id (release.json) and its database."""

    release_id: str
    folder: Path

    @property
    def database(self) -> Path:
        return self.folder / RELEASE_DB_NAME


@dataclass(frozen=True)
class LoadReport:
    release_id: str
    tables: int
    rows: int
    seconds: float  # from opening the release database to the end of the swap
    waited_seconds: float  # of which waiting for readers' older snapshots


def latest_release(releases_dir: Path) -> PublishedRelease | None:
    """The release ``releases/latest`` names, resolved once (a publish may switch the link at
    any moment; the folder it named stays whole), or None before the first publication."""
    try:
        folder = (releases_dir / LATEST).resolve(strict=True)
    except FileNotFoundError:
        return None
    pointer = json.loads((folder / RELEASE_JSON).read_text(encoding="utf-8"))
    return PublishedRelease(pointer["release_id"], folder)


def load_schema_name(release_id: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", release_id.lower()).strip("_")
    return _fit(LOAD_PREFIX + slug)


def served_release_id(conn: psycopg.Connection) -> str | None:
    """The release ``marts`` holds now, or None when nothing has been loaded."""
    found = conn.execute(
        "select to_regclass(%s) is not null", [f"{PUBLISHED_SCHEMA}.{RELEASE_TABLE}"]
    ).fetchone()
    if not found[0]:
        return None
    row = conn.execute(
        f'select release_id from "{PUBLISHED_SCHEMA}"."{RELEASE_TABLE}"'  # noqa: S608 - constants
    ).fetchone()
    return row[0] if row else None


def load_release(
    conn: psycopg.Connection,
    release: PublishedRelease,
    should_stop: Callable[[], bool] = lambda: False,
    on_wait: Callable[[str], None] = lambda message: None,
) -> LoadReport:
    """Load ``release`` into a schema of its own, then swap it in as ``marts``.

    ``conn`` is the loader's connection in autocommit mode (each step opens its own
    transaction). ``should_stop`` is asked between tables and while waiting for readers; when it
    says so the load is abandoned (``LoadCancelled``) and ``marts`` is left as it was."""
    import duckdb

    started = time.monotonic()
    schema = load_schema_name(release.release_id)
    _drop_schemas(conn, _schemas_named(conn, LOAD_PREFIX))  # what a killed load left behind
    try:
        with duckdb.connect(str(release.database), read_only=True) as duck:
            _check_release_id(duck, release)
            tables = release_tables(duck, RELEASE_TABLE)
            with conn.transaction():
                conn.execute(f'create schema "{schema}"')
            rows = 0
            for table in tables:
                if should_stop():
                    raise LoadCancelled(release.release_id)
                count, loaded_xid = _load_table(conn, duck, schema, table)
                rows += count
        waited = wait_for_older_snapshots(conn, loaded_xid, should_stop, on_wait)
        swap_in(conn, schema, release.release_id)
    except BaseException:
        if not conn.closed and not conn.broken:
            _drop_schemas(conn, [schema])
        raise
    report = LoadReport(release.release_id, len(tables), rows, time.monotonic() - started, waited)
    drop_retired(conn)
    return report


def _check_release_id(duck: duckdb.DuckDBPyConnection, release: PublishedRelease) -> None:
    [(inside,)] = duck.execute("select release_id from main.release").fetchall()
    if inside != release.release_id:
        raise ValueError(
            f"{release.database} holds release {inside}, but its folder's release.json says "
            f"{release.release_id}"
        )


def _load_table(
    conn: psycopg.Connection, duck: duckdb.DuckDBPyConnection, schema: str, table: Table
) -> tuple[int, int]:
    """One table, whole, in one transaction; returns its row count and the transaction's id
    (as the 32-bit xid snapshots compare)."""
    from psycopg import sql

    target = sql.Identifier(schema, table.name)
    columns = sql.SQL(", ").join(
        sql.SQL("{} {}{}").format(
            sql.Identifier(column.name),
            sql.SQL(column.postgres_type),
            sql.SQL("" if column.nullable else " not null"),
        )
        for column in table.columns
    )
    with conn.transaction(), conn.cursor() as cursor:
        cursor.execute(sql.SQL("create table {} ({})").format(target, columns))
        copy_sql = sql.SQL("copy {} from stdin (format csv, freeze)").format(target)
        with cursor.copy(copy_sql) as copy:
            stream_csv(duck, f"select * from {table.duckdb_sql}", copy.write)
        rows = cursor.rowcount
        if table.primary_key:
            cursor.execute(
                sql.SQL("alter table {} add constraint {} primary key ({})").format(
                    target,
                    sql.Identifier(_fit(f"{table.name}_pkey")),
                    sql.SQL(", ").join(map(sql.Identifier, table.primary_key)),
                )
            )
        for column in table.filter_columns:
            cursor.execute(
                sql.SQL("create index {} on {} ({})").format(
                    sql.Identifier(_fit(f"{table.name}_{column}_idx")),
                    target,
                    sql.Identifier(column),
                )
            )
        if table.comment:
            cursor.execute(
                sql.SQL("comment on table {} is {}").format(target, sql.Literal(table.comment))
            )
        for column in table.columns:
            if column.comment:
                cursor.execute(
                    sql.SQL("comment on column {}.{} is {}").format(
                        target, sql.Identifier(column.name), sql.Literal(column.comment)
                    )
                )
        cursor.execute(sql.SQL("analyze {}").format(target))
        xid = cursor.execute("select txid_current() % 4294967296").fetchone()[0]
    return rows, xid


def wait_for_older_snapshots(
    conn: psycopg.Connection,
    loaded_xid: int,
    should_stop: Callable[[], bool] = lambda: False,
    on_wait: Callable[[str], None] = lambda message: None,
    max_wait_s: float = MAX_SNAPSHOT_WAIT_S,
) -> float:
    """Wait until no other session holds a snapshot taken before transaction ``loaded_xid``
    committed (one that cannot see the loaded rows); returns the seconds waited.

    A session's ``backend_xmin`` is its oldest snapshot's horizon: null between the statements
    of a READ COMMITTED transaction, so only running statements and REPEATABLE READ or
    SERIALIZABLE transactions count. Sessions still holding one after ``max_wait_s`` are ended
    (``pg_terminate_backend``), since a swap cannot wait for ever."""
    query = (
        "select pid, usename, state from pg_stat_activity "
        "where datname = current_database() and backend_type = 'client backend' "
        "and pid <> pg_backend_pid() and backend_xmin is not null "
        "and age(backend_xmin) >= age(%s::text::xid) order by pid"
    )
    started = time.monotonic()
    said = False
    while older := conn.execute(query, [str(loaded_xid)]).fetchall():
        waited = time.monotonic() - started
        if waited >= max_wait_s:
            pids = [pid for pid, _, _ in older]
            on_wait(f"ending sessions {pids}: still reading an older release after {waited:.0f} s")
            for pid in pids:
                conn.execute("select pg_terminate_backend(%s, 5000)", [pid])
            continue
        if not said:
            listed = ", ".join(f"pid {pid} ({user}, {state})" for pid, user, state in older)
            on_wait(f"waiting for sessions reading the previous release to finish: {listed}")
            said = True
        if should_stop():
            raise LoadCancelled("stopped while waiting for readers")
        time.sleep(0.1)
    return time.monotonic() - started


def swap_in(conn: psycopg.Connection, schema: str, release_id: str) -> None:
    """The one transaction that publishes: ``marts`` retired, ``schema`` becomes ``marts``."""
    from psycopg import sql

    published, reader = sql.Identifier(PUBLISHED_SCHEMA), sql.Identifier(READER_ROLE)
    with conn.transaction():
        exists = conn.execute(
            "select 1 from pg_namespace where nspname = %s", [PUBLISHED_SCHEMA]
        ).fetchone()
        if exists:
            xid = conn.execute("select pg_current_xact_id()::text").fetchone()[0]
            retired = sql.Identifier(f"{RETIRED_PREFIX}{xid}")
            conn.execute(sql.SQL("alter schema {} rename to {}").format(published, retired))
            conn.execute(sql.SQL("revoke all on schema {} from {}").format(retired, reader))
        conn.execute(
            sql.SQL("alter schema {} rename to {}").format(sql.Identifier(schema), published)
        )
        conn.execute(sql.SQL("grant usage on schema {} to {}").format(published, reader))
        conn.execute(
            sql.SQL("grant select on all tables in schema {} to {}").format(published, reader)
        )
        conn.execute(
            sql.SQL("comment on schema {} is {}").format(
                published,
                sql.Literal(
                    f"Frontline release {release_id}: the published marts; "
                    f"{PUBLISHED_SCHEMA}.{RELEASE_TABLE} names the release"
                ),
            )
        )


def drop_retired(conn: psycopg.Connection) -> bool:
    """Drop the schemas swaps retired; False when a reader's open transaction still holds one
    of their tables (the next call tries again)."""
    from psycopg import errors

    try:
        _drop_schemas(conn, _schemas_named(conn, RETIRED_PREFIX), lock_timeout=DROP_LOCK_TIMEOUT)
    except errors.LockNotAvailable:
        return False
    return True


def _schemas_named(conn: psycopg.Connection, prefix: str) -> list[str]:
    return [
        row[0]
        for row in conn.execute(
            "select nspname from pg_namespace where starts_with(nspname, %s) order by nspname",
            [prefix],
        )
    ]


def _drop_schemas(
    conn: psycopg.Connection, names: list[str], lock_timeout: str | None = None
) -> None:
    """Drop each schema (and its tables), one transaction each."""
    from psycopg import sql

    for name in names:
        with conn.transaction():
            if lock_timeout:
                conn.execute(
                    sql.SQL("set local lock_timeout = {}").format(sql.Literal(lock_timeout))
                )
            conn.execute(sql.SQL("drop schema if exists {} cascade").format(sql.Identifier(name)))


def _fit(name: str) -> str:
    """An identifier within PostgreSQL's 63 bytes: a long one keeps its start and gains a short
    hash of the whole, so two long names stay apart."""
    if len(name.encode()) <= MAX_NAME:
        return name
    digest = hashlib.sha256(name.encode()).hexdigest()[:8]
    return name.encode()[: MAX_NAME - 9].decode(errors="ignore") + "_" + digest
