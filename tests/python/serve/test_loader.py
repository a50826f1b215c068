"""Loading a release into PostgreSQL and swapping it in, on a real server, with small releases
written here (types, awkward values, comments, keys), and readers connected during swaps."""

from __future__ import annotations

import math
import random
import struct
import threading
import time
from decimal import Decimal

import duckdb
import psycopg
import pyarrow as pa
import pytest

from orchestration.publish import latest as publish_latest
from orchestration.publish import seal
from orchestration.serve import loader
from orchestration.serve.loader import (
    LoadCancelled,
    drop_retired,
    latest_release,
    load_release,
    served_release_id,
)
from orchestration.serve.pg_types import UnsupportedType
from tests.python.serve.support import (
    duckdb_checksum,
    postgres_checksum,
    reader,
    write_release,
)

LABELS = ["", None, "a,b", 'say "hi"', "two\nlines", "£10 — ok", "\\.", " padded ", "x" * 5000]
DOUBLES = [
    0.1 + 0.2,
    1e-05,
    1e15,
    100.0,
    -0.0,
    float("nan"),
    float("inf"),
    5e-324,
    1.7976931348623157e308,
]


def build_marts(duck: duckdb.DuckDBPyConnection, rows: int = 9) -> None:
    """A dimension with a one-column key and a fact with a three-column key, the filter columns,
    every type the marts use and some they might."""
    duck.execute(
        "create table marts.dim_thing (thing_code varchar primary key, thing_name varchar "
        "not null, opened date, active boolean)"
    )
    duck.execute("comment on table marts.dim_thing is 'One row per thing, with its name.'")
    duck.execute("comment on column marts.dim_thing.thing_code is 'The thing''s code.'")
    duck.execute(
        "insert into marts.dim_thing values ('T1', 'First', date '2020-02-29', true), "
        "('T2', 'Second', null, false), ('T3', '', date '1999-12-31', null)"
    )
    duck.execute(
        "create table marts.fct_value (indicator_code varchar, period_key varchar, "
        "organisation_code varchar, geography_code varchar, value double, amount decimal(18,3), "
        "total bigint, small integer, label varchar, measured_at timestamptz, "
        "primary key (indicator_code, period_key, organisation_code))"
    )
    duck.execute("comment on table marts.fct_value is 'Values by indicator, period, organisation.'")
    duck.execute("comment on column marts.fct_value.value is 'The value, in the unit''s terms.'")
    for i in range(rows):
        duck.execute(
            "insert into marts.fct_value values (?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "timestamptz '2024-03-31 23:59:59.5+01' + to_days(?))",
            [
                f"IND{i % 3}",
                f"M2024-{i % 12 + 1:02d}",
                f"ORG{i}",
                None if i % 4 == 0 else f"E0{i}",
                DOUBLES[i % len(DOUBLES)] if i else None,
                Decimal(i) / 8,
                2**62 + i,
                -(2**31) + i,
                LABELS[i % len(LABELS)],
                i,
            ],
        )


def pg_rows(conn: psycopg.Connection, table: str, order: str) -> list[tuple]:
    return conn.execute(f"select * from {table} order by {order}").fetchall()


def duck_rows(release, table: str, order: str) -> list[tuple]:
    with duckdb.connect(str(release.database), read_only=True) as duck:
        return duck.execute(f"select * from {table} order by {order}").fetchall()


def same_value(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return a == b and math.copysign(1, a) == math.copysign(1, b)
    return a == b


def test_the_release_folder_layout_is_the_publishers(tmp_path):
    assert loader.LATEST == publish_latest.LATEST
    assert loader.RELEASE_JSON == publish_latest.RELEASE_JSON
    assert loader.RELEASE_DB_NAME == seal.RELEASE_DB_NAME
    assert latest_release(tmp_path) is None  # nothing published yet


def test_loads_every_value_exactly_with_types_comments_keys_and_indexes(tmp_path, loader_conn):
    release = write_release(tmp_path, "2026-01-02T03-04-05Z-aaaa0001", build_marts)
    assert latest_release(tmp_path) == release
    report = load_release(loader_conn, release)
    assert (report.release_id, report.tables, report.rows) == (release.release_id, 3, 3 + 9 + 1)
    assert served_release_id(loader_conn) == release.release_id

    types = dict(
        loader_conn.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = 'marts' and table_name = 'fct_value'"
        ).fetchall()
    )
    assert types == {
        "indicator_code": "text",
        "period_key": "text",
        "organisation_code": "text",
        "geography_code": "text",
        "value": "double precision",
        "amount": "numeric",
        "total": "bigint",
        "small": "integer",
        "label": "text",
        "measured_at": "timestamp with time zone",
    }
    for table, order in (("fct_value", "organisation_code"), ("dim_thing", "thing_code")):
        got = pg_rows(loader_conn, f"marts.{table}", order)
        expected = duck_rows(release, f"marts.{table}", order)
        assert len(got) == len(expected)
        for got_row, expected_row in zip(got, expected, strict=True):
            assert all(map(same_value, got_row, expected_row)), (got_row, expected_row)
        # the checksum the pipeline test relies on agrees too
        assert postgres_checksum(loader_conn, "marts", table) == duckdb_checksum(
            duckdb.connect(str(release.database), read_only=True), "marts", table
        )

    comments = loader_conn.execute(
        "select obj_description('marts.fct_value'::regclass, 'pg_class'), "
        "col_description('marts.fct_value'::regclass, 5), "
        "col_description('marts.dim_thing'::regclass, 1), "
        "obj_description('marts.release'::regclass, 'pg_class'), "
        "obj_description('marts'::regnamespace, 'pg_namespace')"
    ).fetchone()
    assert comments[:4] == (
        "Values by indicator, period, organisation.",
        "The value, in the unit's terms.",
        "The thing's code.",
        "The release this database holds.",
    )
    assert release.release_id in comments[4]

    keys = dict(
        loader_conn.execute(
            "select c.relname, array_agg(a.attname order by k.ord) from pg_index i "
            "join pg_class c on c.oid = i.indrelid "
            "cross join unnest(i.indkey) with ordinality as k(attnum, ord) "
            "join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum "
            "where i.indisprimary and c.relnamespace = 'marts'::regnamespace group by c.relname"
        ).fetchall()
    )
    assert keys == {
        "dim_thing": ["thing_code"],
        "fct_value": ["indicator_code", "period_key", "organisation_code"],
    }
    indexes = {
        row[0]
        for row in loader_conn.execute(
            "select indexdef from pg_indexes where schemaname = 'marts' and tablename = "
            "'fct_value' and indexname not like '%pkey'"
        )
    }
    # the key's index serves indicator_code; the other filter columns get one each
    assert {definition.split(" USING ")[1] for definition in indexes} == {
        "btree (period_key)",
        "btree (organisation_code)",
        "btree (geography_code)",
    }
    not_null = loader_conn.execute(
        "select is_nullable from information_schema.columns where table_schema = 'marts' "
        "and table_name = 'dim_thing' and column_name = 'thing_name'"
    ).fetchone()
    assert not_null == ("NO",)


def test_any_double_loads_exactly_and_checksums_alike(tmp_path, loader_conn):
    """20,000 doubles from random bit patterns (subnormals, huge, every exponent) and some
    awkward ones: the CSV carries each exactly, and both engines' checksums agree."""
    generator = random.Random(20260102)
    doubles = [struct.unpack("<d", generator.randbytes(8))[0] for _ in range(20_000)]
    doubles += [1e15, -1.5e15, 1234567890123456.8, 9999999999999998.0, 1e16, 123.0, -0.0, 0.0]

    def build(duck):
        duck.register("given", pa.table({"i": range(len(doubles)), "x": doubles}))
        duck.execute("create table marts.doubles as select i::integer as i, x from given")

    release = write_release(tmp_path, "R-doubles", build)
    load_release(loader_conn, release)
    got = [row[0] for row in loader_conn.execute("select x from marts.doubles order by i")]
    assert all(map(same_value, got, doubles))
    with duckdb.connect(str(release.database), read_only=True) as duck:
        assert duckdb_checksum(duck, "marts", "doubles") == postgres_checksum(
            loader_conn, "marts", "doubles"
        )


def test_the_checksum_tells_a_one_ulp_difference(tmp_path):
    one = duckdb.connect()
    one.execute("create schema marts")
    one.execute("create table marts.t as select 0.1::double + 0.2::double as x")
    before = duckdb_checksum(one, "marts", "t")
    one.execute("update marts.t set x = nextafter(x, 1)")
    assert duckdb_checksum(one, "marts", "t") != before


def test_a_new_release_replaces_the_old_one_whole_and_the_old_schema_goes(tmp_path, loader_conn):
    first = write_release(tmp_path, "R-first", build_marts)
    load_release(loader_conn, first)
    loader_conn.execute("create schema marts_load_left_by_a_killed_load")
    second = write_release(tmp_path, "R-second", lambda duck: build_marts(duck, rows=20))
    load_release(loader_conn, second)
    assert served_release_id(loader_conn) == "R-second"
    assert loader_conn.execute("select count(*) from marts.fct_value").fetchone() == (20,)
    schemas = {
        row[0]
        for row in loader_conn.execute(
            "select nspname from pg_namespace where nspname like 'marts%'"
        )
    }
    assert schemas == {"marts"}


def test_a_reader_in_an_open_transaction_sees_the_next_release_whole(tmp_path, server, loader_conn):
    load_release(loader_conn, write_release(tmp_path, "R-before", build_marts))
    with reader(server) as bi:  # psycopg opens a READ COMMITTED transaction and keeps it open
        assert bi.execute("select release_id from marts.release").fetchone() == ("R-before",)
        assert bi.execute("select count(*) from fct_value").fetchone() == (9,)  # search_path
        report = load_release(
            loader_conn, write_release(tmp_path, "R-after", lambda duck: build_marts(duck, 30))
        )
        assert report.waited_seconds < 0.1  # between statements it holds no snapshot
        # the same transaction's next statements: the new release, all of it
        assert bi.execute("select release_id from marts.release").fetchone() == ("R-after",)
        assert bi.execute("select count(*) from marts.fct_value").fetchone() == (30,)
        # it still holds the retired tables it read: their drop gives way and waits
        assert not drop_retired(loader_conn)
        bi.commit()
    assert drop_retired(loader_conn)
    assert loader_conn.execute(
        "select count(*) from pg_namespace where nspname like 'marts_old_%'"
    ).fetchone() == (0,)


def test_a_query_running_during_the_swap_finishes_on_its_release(tmp_path, server, loader_conn):
    load_release(loader_conn, write_release(tmp_path, "R-running-1", build_marts))
    seen = {}
    with reader(server, autocommit=True) as bi:
        pid = bi.info.backend_pid

        def slow_query() -> None:
            seen["row"] = bi.execute(
                "select pg_sleep(1), (select release_id from marts.release), count(*) "
                "from marts.fct_value"
            ).fetchone()

        worker = threading.Thread(target=slow_query)
        worker.start()
        _wait_until_active(loader_conn, pid)
        report = load_release(
            loader_conn, write_release(tmp_path, "R-running-2", lambda duck: build_marts(duck, 4))
        )
        worker.join()
        assert seen["row"][1:] == ("R-running-1", 9)
        assert report.waited_seconds > 0.2  # the swap waited for the query's snapshot
        assert bi.execute("select release_id from marts.release").fetchone() == ("R-running-2",)


def test_a_repeatable_read_reader_sees_one_release_until_it_ends(tmp_path, server, loader_conn):
    load_release(loader_conn, write_release(tmp_path, "R-rr-1", build_marts))
    waiting = threading.Event()
    outcome = {}
    with reader(server) as bi:
        bi.execute("set transaction isolation level repeatable read")
        assert bi.execute("select release_id from marts.release").fetchone() == ("R-rr-1",)
        second = write_release(tmp_path, "R-rr-2", lambda duck: build_marts(duck, 5))

        def load() -> None:
            outcome["report"] = load_release(loader_conn, second, on_wait=lambda m: waiting.set())

        worker = threading.Thread(target=load)
        worker.start()
        assert waiting.wait(20), "the swap did not wait for the repeatable-read reader"
        # its snapshot predates the new rows: it keeps reading the release it began with
        assert bi.execute("select release_id from marts.release").fetchone() == ("R-rr-1",)
        assert bi.execute("select count(*) from marts.fct_value").fetchone() == (9,)
        bi.commit()
        worker.join()
        assert bi.execute("select release_id from marts.release").fetchone() == ("R-rr-2",)
        assert bi.execute("select count(*) from marts.fct_value").fetchone() == (5,)
    assert outcome["report"].waited_seconds > 0


def test_a_release_that_cannot_load_leaves_the_served_one(tmp_path, loader_conn):
    load_release(loader_conn, write_release(tmp_path, "R-good", build_marts))

    def with_a_list(duck):
        build_marts(duck)
        duck.execute("create table marts.rpt_lists as select [1, 2] as codes")

    with pytest.raises(UnsupportedType, match=r"marts\.rpt_lists\.codes is INTEGER\[\]"):
        load_release(loader_conn, write_release(tmp_path, "R-lists", with_a_list))
    mislabelled = write_release(tmp_path, "R-mislabelled", build_marts)
    (mislabelled.folder / "release.json").write_text('{"release_id": "R-other"}')
    with pytest.raises(ValueError, match="holds release R-mislabelled"):
        load_release(loader_conn, latest_release(tmp_path))
    assert served_release_id(loader_conn) == "R-good"
    assert loader_conn.execute(
        "select count(*) from pg_namespace where nspname like 'marts\\_load\\_%'"
    ).fetchone() == (0,)


def test_a_stop_between_tables_abandons_the_load(tmp_path, loader_conn):
    load_release(loader_conn, write_release(tmp_path, "R-kept", build_marts))
    asked = []

    def stop_on_second_table() -> bool:
        asked.append(1)
        return len(asked) > 1

    with pytest.raises(LoadCancelled):
        load_release(
            loader_conn, write_release(tmp_path, "R-abandoned", build_marts), stop_on_second_table
        )
    assert served_release_id(loader_conn) == "R-kept"
    assert loader_conn.execute(
        "select count(*) from pg_namespace where nspname like 'marts\\_load\\_%'"
    ).fetchone() == (0,)


def _wait_until_active(conn: psycopg.Connection, pid: int) -> None:
    deadline = time.monotonic() + 10
    while conn.execute("select state from pg_stat_activity where pid = %s", [pid]).fetchone() != (
        "active",
    ):
        assert time.monotonic() < deadline, "the reader's query never started"
        time.sleep(0.02)
