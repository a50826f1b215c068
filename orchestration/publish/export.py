"""Exporting the marts: tidy CSV and Parquet files, the release database, and their hashes.

The marts are read from the working database, attached read-only to a new database file in the
staging folder (which becomes the release's ``frontline.duckdb``, holding a copy of every mart
and the ``release`` table).

Files in a release: per mart a tidy CSV (header; one row per observation; rows ordered by all
columns, ascending, NULLs last; NULL written as an empty field, an empty string as ``""``;
timestamps with time zone rendered in UTC; text cells a spreadsheet would run as a formula made
inert, see ``csv_safety.py``) and a Parquet file (the true values). Both are byte-for-byte
deterministic for the same data: they are written by one thread, and the release's
``content_sha256`` hashes only them, so it does not depend on when the release was made.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import duckdb

from orchestration.publish.contract import MartContract
from orchestration.publish.csv_safety import (
    DIALECT_NOTE,
    formula_cell_counts,
    neutralised_query,
    text_columns,
)
from orchestration.publish.model import PublicationError
from orchestration.publish.seal import sha256_file

WORKING_ALIAS = "working"
CONTENT_HASH_METHOD = (
    "sha256 over the lines '<sha256>  <path>\\n' of every mart file (CSV and Parquet), "
    "sorted by path; independent of the release id and timestamps"
)
CSV_DIALECT = {
    "encoding": "utf-8",
    "delimiter": ",",
    "quote": '"',
    "header": True,
    "null": "",
    "empty_string": '""',
    "row_order": "all columns ascending, in column order, NULLs last",
    "timestamptz": "rendered in UTC",
    **DIALECT_NOTE,
}


@dataclass(frozen=True)
class Mart:
    """A mart to publish: ``schema.table`` in the working database."""

    schema: str
    table: str

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.table}"

    def sql(self, catalog: str | None = None) -> str:
        parts = ([catalog] if catalog else []) + [self.schema, self.table]
        return ".".join(_quote(p) for p in parts)


def parse_marts(marts: Sequence[str]) -> list[Mart]:
    """The requested ``schema.table`` names; table names must be unique (they name the files)."""
    if not marts:
        raise PublicationError("no marts to publish")
    parsed: list[Mart] = []
    for name in marts:
        parts = name.split(".")
        if len(parts) != 2 or not all(parts):
            raise PublicationError(f"mart {name!r}: expected 'schema.table'")
        parsed.append(Mart(*parts))
    tables = [m.table for m in parsed]
    duplicates = sorted({t for t in tables if tables.count(t) > 1})
    if duplicates:
        raise PublicationError(f"mart table names must be unique across schemas: {duplicates}")
    return parsed


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


@contextlib.contextmanager
def staging_database(db_path: Path, working_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A new database file with the working database attached read-only, in UTC."""
    con = duckdb.connect(str(db_path))
    try:
        con.execute(f"ATTACH {_sql_string(str(working_db))} AS {WORKING_ALIAS} (READ_ONLY)")
        con.execute("SET TimeZone = 'UTC'")
        yield con
        con.execute(f"DETACH {WORKING_ALIAS}")
        con.execute("CHECKPOINT")
    finally:
        con.close()


def _columns(con: duckdb.DuckDBPyConnection, mart: Mart) -> list[dict[str, Any]]:
    rows = con.execute(
        "select column_name, data_type, is_nullable from information_schema.columns "
        "where table_catalog = ? and table_schema = ? and table_name = ? "
        "order by ordinal_position",
        [WORKING_ALIAS, mart.schema, mart.table],
    ).fetchall()
    if not rows:
        raise PublicationError(f"mart {mart.qualified} not found in the working database")
    return [{"name": n, "type": t, "nullable": nullable == "YES"} for n, t, nullable in rows]


def export_mart(con: duckdb.DuckDBPyConnection, mart: Mart, staging: Path) -> dict[str, Any]:
    columns = _columns(con, mart)
    relation = mart.sql(WORKING_ALIAS)
    (row_count,) = con.execute(f"select count(*) from {relation}").fetchone()
    formula_cells = formula_cell_counts(con, relation, text_columns(columns))
    # only columns holding such a cell pay for the rewrite; they are quoted in the CSV too, so
    # each neutralised cell's quote sits inside a quoted field
    to_neutralise = [name for name, n in formula_cells.items() if n]
    csv_query = neutralised_query(relation, [c["name"] for c in columns], to_neutralise)
    ordered = f"select * from {relation} order by all"
    csv_rel, parquet_rel = f"csv/{mart.table}.csv", f"parquet/{mart.table}.parquet"
    for rel in (csv_rel, parquet_rel):
        (staging / rel).parent.mkdir(exist_ok=True)
    # one thread: DuckDB's writers are then byte-for-byte deterministic
    con.execute("SET threads = 1")
    try:
        _export_csv(con, csv_query, staging / csv_rel, to_neutralise)
        _export_parquet(con, ordered, staging / parquet_rel)
    finally:
        con.execute("RESET threads")
    files = [
        _file_entry(staging, csv_rel, "csv"),
        _file_entry(staging, parquet_rel, "parquet"),
    ]
    return {
        "table": mart.qualified,
        "row_count": row_count,
        "columns": columns,
        "files": files,
        "csv_formula_cells_neutralised": sum(formula_cells.values()),
        "csv_formula_cells_by_column": {c: n for c, n in formula_cells.items() if n},
    }


def _export_csv(
    con: duckdb.DuckDBPyConnection, query: str, target: Path, quoted: Sequence[str] = ()
) -> None:
    force_quote = f", FORCE_QUOTE ({', '.join(map(_quote, quoted))})" if quoted else ""
    con.execute(
        f"COPY ({query}) TO {_sql_string(str(target))} "
        f"(FORMAT csv, HEADER true, DELIMITER ',', QUOTE '\"', NULLSTR ''{force_quote})"
    )


def _export_parquet(con: duckdb.DuckDBPyConnection, query: str, target: Path) -> None:
    con.execute(f"COPY ({query}) TO {_sql_string(str(target))} (FORMAT parquet)")


def copy_marts(
    con: duckdb.DuckDBPyConnection,
    marts: Sequence[Mart],
    contracts: Mapping[str, MartContract] | None = None,
) -> None:
    for schema in sorted({m.schema for m in marts}):
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {_quote(schema)}")
    for mart in marts:
        con.execute(
            f"CREATE TABLE {mart.sql()} AS SELECT * FROM {mart.sql(WORKING_ALIAS)} ORDER BY ALL"
        )


def write_release_table(
    con: duckdb.DuckDBPyConnection,
    release_id: str,
    created: datetime,
    content_sha256: str,
    synthetic: bool,
) -> None:
    con.execute(
        "CREATE TABLE main.release (release_id VARCHAR NOT NULL, created_at TIMESTAMPTZ NOT NULL, "
        "content_sha256 VARCHAR NOT NULL, frontline_version VARCHAR, synthetic BOOLEAN NOT NULL)"
    )
    con.execute(
        "INSERT INTO main.release VALUES (?, ?, ?, ?, ?)",
        [release_id, created, content_sha256, frontline_version(), synthetic],
    )


def _file_entry(root: Path, rel: str, fmt: str) -> dict[str, Any]:
    path = root / rel
    return {"path": rel, "format": fmt, "sha256": sha256_file(path), "bytes": path.stat().st_size}


def content_sha256(mart_entries: Sequence[dict[str, Any]]) -> str:
    return listing_sha256([f for m in mart_entries for f in m["files"]])


def listing_sha256(files: Sequence[dict[str, Any]]) -> str:
    pairs = sorted((f["path"], f["sha256"]) for f in files)
    lines = "".join(f"{sha}  {path}\n" for path, sha in pairs)
    return hashlib.sha256(lines.encode("utf-8")).hexdigest()


def frontline_version() -> str:
    try:
        return metadata.version("frontline")
    except metadata.PackageNotFoundError:
        return "0+unknown"
