"""Schema `raw`: its bookkeeping tables (load log, rejects, quarantine), the lineage columns every
raw table carries, and the table operations that landing, forgetting and quarantine share."""

from __future__ import annotations

import duckdb

from orchestration.raw.landing.shape import LoadError

SCHEMA = "raw"
LINEAGE_TYPES = {
    "_source_file": "VARCHAR",
    "_sheet": "VARCHAR",
    "_sha256": "VARCHAR",
    "_row_number": "INTEGER",
    "_loaded_at": "TIMESTAMP",
}

_DDL = f"""
create schema if not exists {SCHEMA};
create table if not exists {SCHEMA}._load_log (
    raw_table varchar not null,
    source_file varchar not null,
    sha256 varchar not null,
    sheet varchar,
    rows_landed bigint not null,
    rows_rejected bigint not null,
    loaded_at timestamp not null,
    synthetic boolean not null default false
);
-- a load log written before synthetic files were recorded: its files were all published ones
alter table {SCHEMA}._load_log add column if not exists synthetic boolean default false;
-- the loader that landed each file (LOADER_VERSION); null = before it was recorded
alter table {SCHEMA}._load_log add column if not exists loader_version integer;
create table if not exists {SCHEMA}._rejects (
    raw_table varchar not null,
    source_file varchar not null,
    sheet varchar,
    row_number integer not null,
    column_name varchar,
    value varchar,
    reason varchar not null,
    sha256 varchar not null,
    loaded_at timestamp not null
);
-- files that were found but not landed (a name that says no month, a future month, a second
-- file for a force-month already loaded, ...): one row per file, replaced each time its source
-- is loaded, so it mirrors the data folder as the last run saw it
create table if not exists {SCHEMA}._quarantine (
    raw_table varchar not null,
    source_file varchar not null,
    reason varchar not null,
    sha256 varchar,
    detected_at timestamp not null
);
"""


def ensure_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(_DDL)


def table_exists(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    [(count,)] = con.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
        [SCHEMA, table],
    ).fetchall()
    return count > 0


def remove_file_rows(con: duckdb.DuckDBPyConnection, table: str, source_file: str) -> None:
    """Delete one file's rows, rejects and load-log entry (inside the caller's transaction)."""
    con.execute(f'delete from {SCHEMA}."{table}" where _source_file = ?', [source_file])
    for log in ("_rejects", "_load_log"):
        con.execute(
            f"delete from {SCHEMA}.{log} where raw_table = ? and source_file = ?",
            [table, source_file],
        )


def ensure_table(
    con: duckdb.DuckDBPyConnection, table: str, types: dict[str, str], source_file: str
) -> None:
    """Create the raw table, or check an existing one has exactly these columns."""
    existing = con.execute(
        "select column_name from information_schema.columns"
        " where table_schema = ? and table_name = ? order by ordinal_position",
        [SCHEMA, table],
    ).fetchall()
    if not existing:
        columns = ", ".join(f'"{name}" {kind}' for name, kind in types.items())
        con.execute(f'create table {SCHEMA}."{table}" ({columns})')
        return
    found = [row[0] for row in existing]
    if sorted(found) != sorted(types):
        raise LoadError(
            f"{source_file}: columns {list(types)} do not match existing table "
            f"{SCHEMA}.{table} columns {found}"
        )
