"""bi_reader reads the served schema and nothing else; its writes are refused by privilege,
not only by its session's read-only default; only it may log in over TCP."""

from __future__ import annotations

import psycopg
import pytest

from orchestration.serve.access import apply_access, reader_password
from orchestration.serve.loader import load_release
from orchestration.serve.settings import (
    DATABASE,
    LOADER_ROLE,
    READER_PASSWORD_ENV,
    READER_ROLE,
    ServeLayout,
)
from tests.python.serve.conftest import STATEMENT_TIMEOUT
from tests.python.serve.support import READER_PASSWORD, reader, write_release
from tests.python.serve.test_loader import build_marts

WRITES = [
    "insert into marts.dim_thing values ('T9', 'Ninth', null, null)",
    "update marts.dim_thing set thing_name = 'changed'",
    "delete from marts.dim_thing",
    "truncate marts.dim_thing",
    "create table marts.mine (a int)",
    "create table public.mine (a int)",
    "create temporary table mine (a int)",
    "create schema mine",
    "alter table marts.dim_thing add column extra int",
    "drop table marts.dim_thing",
]


@pytest.fixture(scope="module")
def served(server, tmp_path_factory):
    with server.connect(LOADER_ROLE, autocommit=True) as conn:
        release = write_release(tmp_path_factory.mktemp("releases"), "R-access", build_marts)
        load_release(conn, release)
    return server


@pytest.mark.parametrize("statement", WRITES)
def test_every_write_is_refused_even_with_read_only_switched_off(served, statement):
    with reader(served) as bi:
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            bi.execute(statement)
        bi.rollback()
        bi.execute("set default_transaction_read_only = off")
        bi.commit()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            bi.execute(statement)


def test_its_sessions_are_read_only_and_time_limited(served):
    with reader(served, autocommit=True) as bi:
        assert bi.execute("show default_transaction_read_only").fetchone() == ("on",)
        assert bi.execute("show statement_timeout").fetchone() == (STATEMENT_TIMEOUT,)
        assert bi.execute("show search_path").fetchone() == ("marts",)
        with pytest.raises(psycopg.errors.QueryCanceled):
            bi.execute("select pg_sleep(5)")
        assert bi.execute("select count(*) from dim_thing").fetchone() == (3,)


def test_it_can_use_the_published_schema_only(served, loader_conn):
    loader_conn.execute("create schema marts_load_in_progress")
    loader_conn.execute("create table marts_load_in_progress.t as select 1 as a")
    try:
        with reader(served, autocommit=True) as bi:
            usable = {
                row[0]
                for row in bi.execute(
                    "select nspname from pg_namespace where has_schema_privilege(nspname, 'usage')"
                )
            }
            assert usable == {"marts", "pg_catalog", "information_schema"}
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                bi.execute("select * from marts_load_in_progress.t")
    finally:
        loader_conn.execute("drop schema marts_load_in_progress cascade")


@pytest.mark.parametrize(
    ("user", "password", "dbname"),
    [
        (READER_ROLE, "wrong", DATABASE),
        (READER_ROLE, READER_PASSWORD, "postgres"),
        (LOADER_ROLE, "", DATABASE),
        ("postgres", "", "postgres"),
    ],
)
def test_other_tcp_logins_are_refused(served, user, password, dbname):
    with pytest.raises(psycopg.OperationalError, match="password authentication failed|rejects"):
        psycopg.connect(
            host="127.0.0.1",
            port=served.port,
            user=user,
            password=password,
            dbname=dbname,
            sslmode="disable",
            connect_timeout=5,
        )


def test_the_password_is_generated_once_and_kept_private(tmp_path, monkeypatch):
    monkeypatch.delenv(READER_PASSWORD_ENV, raising=False)
    layout = ServeLayout.for_root(tmp_path / "postgres", tmp_path / "logs")
    password, source = reader_password(layout)
    assert len(password) >= 24 and source == str(layout.password_file)
    assert layout.password_file.stat().st_mode & 0o777 == 0o600
    assert reader_password(layout) == (password, source)
    monkeypatch.setenv(READER_PASSWORD_ENV, "chosen")
    assert reader_password(layout) == ("chosen", f"${READER_PASSWORD_ENV}")


def test_a_statement_timeout_postgresql_cannot_read_is_named(served):
    with pytest.raises(ValueError, match=r"statement_timeout = 'soon': invalid value"):
        apply_access(served, READER_PASSWORD, "soon")
    with reader(served, autocommit=True) as bi:
        assert bi.execute("show statement_timeout").fetchone() == (STATEMENT_TIMEOUT,)
