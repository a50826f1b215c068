"""`frontline serve` on the release the shared run published: the release loaded into
PostgreSQL whole (every table's row count and content checksum equal to DuckDB's), read by
bi_reader with psycopg and SQLAlchemy, its writes refused, and the release published while a
reader is connected.

The server starts on a previous release (every mart cut to a few rows, under another release
id); the published release is then swapped in while one reader holds an open transaction and
another runs a query across the swap: that load is the one a `frontline serve` makes when
`frontline run` publishes.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import duckdb
import psycopg
import pytest
from sqlalchemy import MetaData, Table, create_engine, inspect, select

from orchestration.serve.loader import (
    LoadReport,
    PublishedRelease,
    drop_retired,
    latest_release,
    load_release,
)
from orchestration.serve.settings import LOADER_ROLE
from tests.python.serve.support import (
    READER_PASSWORD,
    duckdb_checksum,
    postgres_checksum,
    reader,
    server_root,
    start_test_server,
    write_release,
)

PREVIOUS_ROWS = 50


@dataclass(frozen=True)
class Served:
    server: object  # RunningServer
    release: PublishedRelease  # the published one, served at the end
    previous_id: str
    report: LoadReport  # of the published release's load
    seen_before: tuple  # (release id, report card rows) in a reader's open transaction ...
    seen_after: tuple  # ... and in the same transaction after the swap
    across_the_swap: tuple  # what a query running during the swap returned


def _previous_release(releases: Path, published: PublishedRelease) -> PublishedRelease:
    def cut_down(duck: duckdb.DuckDBPyConnection) -> None:
        duck.execute(f"attach '{published.database}' as pub (read_only)")
        tables = duck.execute(
            "select table_name from duckdb_tables() where database_name = 'pub' "
            "and schema_name = 'marts' order by table_name"
        ).fetchall()
        for (table,) in tables:
            duck.execute(
                f'create table marts."{table}" as select * from pub.marts."{table}" '
                f"limit {PREVIOUS_ROWS}"
            )
        duck.execute("detach pub")

    return write_release(releases, f"{published.release_id}-previous", cut_down, latest=False)


def _when_last_table_is_next(tables: int, action):
    """A `should_stop` for load_release (asked before each table) that runs ``action`` once,
    before the last table."""
    calls = []

    def should_stop() -> bool:
        calls.append(1)
        if len(calls) == tables:
            action()
        return False

    return should_stop


@pytest.fixture(scope="module")
def served(published) -> Served:
    release = latest_release(published.releases_dir)
    with server_root() as root:
        server = start_test_server(root)
        try:
            with server.connect(LOADER_ROLE, autocommit=True) as loader:
                previous = _previous_release(root / "releases", release)
                load_release(loader, previous)
                report_card = "select count(*) from marts.rpt_police_report_card"
                release_id = "select release_id from marts.release"
                with reader(server) as open_reader, reader(server, autocommit=True) as busy:
                    # an open READ COMMITTED transaction, as psycopg and most BI tools keep
                    before = (
                        open_reader.execute(release_id).fetchone()[0],
                        open_reader.execute(report_card).fetchone()[0],
                    )
                    across = {}

                    def slow_query() -> None:
                        across["row"] = busy.execute(
                            "select pg_sleep(1.5), (select release_id from marts.release), "
                            "count(*) from marts.rpt_indicator_comparison"
                        ).fetchone()[1:]

                    worker = threading.Thread(target=slow_query)

                    def start_slow_query() -> None:
                        worker.start()
                        _wait_until_active(loader, busy.info.backend_pid)

                    tables = 1 + len(_marts(release))  # the marts, then main.release
                    report = load_release(
                        loader, release, _when_last_table_is_next(tables, start_slow_query)
                    )
                    worker.join()
                    after = (
                        open_reader.execute(release_id).fetchone()[0],
                        open_reader.execute(report_card).fetchone()[0],
                    )
                # the open transaction held the retired tables; once it ends they go
                assert drop_retired(loader)
            yield Served(server, release, previous.release_id, report, before, after, across["row"])
        finally:
            server.stop()


def _marts(release: PublishedRelease) -> list[str]:
    with duckdb.connect(str(release.database), read_only=True) as duck:
        return [
            row[0]
            for row in duck.execute(
                "select table_name from duckdb_tables() where schema_name = 'marts'"
            ).fetchall()
        ]


def _wait_until_active(conn: psycopg.Connection, pid: int) -> None:
    deadline = time.monotonic() + 30
    while conn.execute("select state from pg_stat_activity where pid = %s", [pid]).fetchone() != (
        "active",
    ):
        assert time.monotonic() < deadline, "the reader's query never started"
        time.sleep(0.02)


def test_a_publish_while_readers_are_connected_leaves_their_queries_working(served, published_db):
    full = published_db.execute("select count(*) from marts.rpt_police_report_card").fetchone()[0]
    assert served.seen_before == (served.previous_id, min(full, PREVIOUS_ROWS))
    # the same open transaction, after the swap: the published release, whole
    assert served.seen_after == (served.release.release_id, full)
    # a query running across the swap finished on the release it started on ...
    assert served.across_the_swap == (served.previous_id, PREVIOUS_ROWS)
    # ... and the swap waited for it rather than show it half a release
    assert served.report.waited_seconds > 0


def test_every_table_holds_what_the_duckdb_release_holds(served, published_db):
    with served.server.connect(LOADER_ROLE, autocommit=True) as conn:
        in_postgres = {
            row[0]
            for row in conn.execute("select tablename from pg_tables where schemaname = 'marts'")
        }
        tables = [
            row[0]
            for row in published_db.execute(
                "select table_name from duckdb_tables() where schema_name = 'marts' "
                "order by table_name"
            ).fetchall()
        ]
        assert in_postgres == {*tables, "release"}
        assert served.report.tables == len(tables) + 1
        # DuckDB's checksums in a thread beside PostgreSQL's (both engines work outside the GIL)
        duck = published_db.cursor()
        with ThreadPoolExecutor(1) as pool:
            in_duckdb = pool.submit(
                lambda: (
                    [duckdb_checksum(duck, "marts", table) for table in tables]
                    + [duckdb_checksum(duck, "main", "release")]
                )
            )
            in_pg = [postgres_checksum(conn, "marts", table) for table in [*tables, "release"]]
        assert dict(zip([*tables, "release"], in_pg, strict=True)) == dict(
            zip([*tables, "release"], in_duckdb.result(), strict=True)
        )


def test_bi_reader_queries_the_police_report_card(served, published_db):
    columns = published_db.execute(
        "select count(*) from duckdb_columns() where schema_name = 'marts' "
        "and table_name = 'rpt_police_report_card'"
    ).fetchone()[0]
    # every column in order: the server's collation sorts text as DuckDB does
    query = "select * from marts.rpt_police_report_card order by " + ", ".join(
        str(position) for position in range(1, columns + 1)
    )
    with reader(served.server, autocommit=True) as bi:
        rows = bi.execute(query).fetchall()
    expected = published_db.execute(query).fetchall()
    assert len(rows) == len(expected) > 300
    assert rows == expected


def test_bi_reader_cannot_write_and_its_queries_are_time_limited(served):
    with reader(served.server) as bi:
        assert bi.execute("show statement_timeout").fetchone() == ("1min",)
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            bi.execute("insert into marts.rpt_police_report_card default values")
        bi.rollback()
        bi.execute("set default_transaction_read_only = off")
        bi.commit()
        for statement in (
            "insert into marts.rpt_police_report_card default values",
            "update marts.dim_indicator set indicator_code = 'x'",
            "create table marts.mine (a int)",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                bi.execute(statement)
            bi.rollback()


def test_bi_reader_sees_the_published_schema_only(served):
    with reader(served.server, autocommit=True) as bi:
        usable = {
            row[0]
            for row in bi.execute(
                "select nspname from pg_namespace where has_schema_privilege(nspname, 'usage')"
            )
        }
        schemas = {
            row[0]
            for row in bi.execute(
                "select nspname from pg_namespace where nspname not like 'pg\\_%' "
                "and nspname <> 'information_schema'"
            )
        }
    assert usable == {"marts", "pg_catalog", "information_schema"}
    # nothing of the warehouse's raw, staging or intermediate layers is on the server
    assert schemas == {"marts", "public"}


def test_sqlalchemy_reflects_and_reads_a_mart(served, published_db):
    engine = create_engine(
        f"postgresql+psycopg://bi_reader:{READER_PASSWORD}@127.0.0.1:{served.server.port}"
        "/frontline?sslmode=disable"
    )
    try:
        names = set(inspect(engine).get_table_names(schema="marts"))
        crime = Table("rpt_police_recorded_crime", MetaData(), schema="marts", autoload_with=engine)
        with engine.connect() as connection:
            value = connection.execute(
                select(crime.c.recorded_crimes).where(
                    crime.c.area_code == "E23000013",
                    crime.c.period_key == "YE2019-12",
                    crime.c.offence_group_code == "total_recorded_crime_excluding_fraud",
                )
            ).scalar_one()
    finally:
        engine.dispose()
    assert {"rpt_police_report_card", "fct_indicator_value", "release"} <= names
    assert value == 69197
