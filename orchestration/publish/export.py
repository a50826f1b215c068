"""Exporting the marts: tidy CSV and Parquet files, the release database, and their hashes.

The marts are read from the working database, attached read-only to a new database file in the
staging folder (which becomes the release's ``frontline.duckdb``, holding a copy of every mart
and the ``release`` table).

Files in a release: per mart a tidy CSV (UTF-8 starting with a byte-order mark, so spreadsheets
read ``£`` as ``£``; header; one row per observation; rows ordered by all columns, ascending,
NULLs last; NULL written as an empty field, an empty string as ``""``; timestamps with time zone
rendered in UTC; text cells a spreadsheet would run as a formula made inert, see
``csv_safety.py``) and a Parquet file (the true values). Both are byte-for-byte deterministic for
the same data: they are written by one thread, and the release's ``content_sha256`` hashes only
them, so it does not depend on when the release was made.

The release database is written in an older storage format than the DuckDB that writes it uses
by default (``RELEASE_DB_STORAGE_VERSION``), so DuckDB 1.1 and later clients, the DuckDB command
line and BI drivers built on them open it. Each mart is created with its columns typed and, where
its dbt contract names a primary key whose columns hold no NULL, that ``PRIMARY KEY``, and a
``FOREIGN KEY`` for each of the contract's foreign keys into another published table whose primary
key is the referenced columns (the referenced tables are created first); its rows are then
inserted in order, and the table and its columns carry the dbt YAML's descriptions as
``COMMENT ON``, as does ``main.release``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import duckdb

from orchestration.publish import reuse
from orchestration.publish.contract import ForeignKey, MartContract
from orchestration.publish.csv_safety import (
    DIALECT_NOTE,
    formula_cell_counts,
    neutralised_query,
    text_columns,
)
from orchestration.publish.model import PublicationError
from orchestration.publish.seal import sha256_file

WORKING_ALIAS = "working"
# The release database is written for DuckDB 1.1 (file format 64, tagged "v1.0.0+"): DuckDB 2.0's
# own format is refused by every 1.x client ("version number"). 1.1.0 is the oldest DuckDB that
# opens the file: 1.0 and 0.10 fail on how DuckDB 2.0 stores a primary key's index, even asked for
# v1.0.0 ("Failed to deserialize"). tests/python/pipeline/test_published_database.py reads a
# published file with OLDEST_READER; the DuckDB 1.5.6 command line (duckdb-cli on PyPI) reads
# it too.
RELEASE_DB_STORAGE_VERSION = "v1.1.0"
OLDEST_READER = "1.1.0"
CONTENT_HASH_METHOD = (
    "sha256 over the lines '<sha256>  <path>\\n' of every mart file (CSV and Parquet), "
    "sorted by path; independent of the release id and timestamps"
)
CSV_BOM = b"\xef\xbb\xbf"
CSV_DIALECT = {
    "encoding": "utf-8",
    "bom": True,
    "bom_note": (
        "every CSV starts with the UTF-8 byte-order mark (bytes EF BB BF), so spreadsheet "
        "programs read it as UTF-8; in Python open it with encoding='utf-8-sig' (DuckDB's "
        "read_csv and pandas skip the mark)"
    ),
    "delimiter": ",",
    "quote": '"',
    "header": True,
    "null": "",
    "empty_string": '""',
    "row_order": "all columns ascending, in column order, NULLs last",
    "timestamptz": "rendered in UTC",
    **DIALECT_NOTE,
}

# what main.release holds, said in the release database as the marts' dbt descriptions are
RELEASE_TABLE = MartContract(
    table="main.release",
    description=(
        "This release of Frontline: one row naming it. Every table in the marts schema is the "
        "mart of the same name as published in this release; the release folder's manifest.json "
        "lists its files, sources, licences and the checks it passed."
    ),
    columns={
        "release_id": "The release's identifier: its creation time (UTC) and the first 8 "
        "characters of content_sha256; the name of the release folder.",
        "created_at": "When the release was made (UTC, to the second).",
        "content_sha256": "SHA-256 over the release's mart files (CSV and Parquet), as "
        "manifest.json's content_sha256_method describes; the same data gives the same hash.",
        "frontline_version": "The version of the Frontline package that made the release.",
        "synthetic": "True when the release was built from synthetic (generated, not published) "
        "data; a synthetic release is never made the published one.",
    },
)


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
    """A new database file, in the storage format older clients read, with the working database
    attached read-only, in UTC."""
    con = duckdb.connect(
        str(db_path), config={"storage_compatibility_version": RELEASE_DB_STORAGE_VERSION}
    )
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


def export_mart(
    con: duckdb.DuckDBPyConnection,
    mart: Mart,
    staging: Path,
    previous: reuse.PreviousMart | None = None,
) -> dict[str, Any]:
    """The mart's CSV and Parquet files in ``staging`` and its manifest entry; the files of
    ``previous`` (the latest release's entry for it) are reused when its content is the same."""
    columns = _columns(con, mart)
    relation = mart.sql(WORKING_ALIAS)
    (row_count,) = con.execute(f"select count(*) from {relation}").fetchone()
    fingerprint = reuse.content_fingerprint(con, relation, columns, row_count)
    if previous is not None and previous.entry.get("content_fingerprint") == fingerprint:
        files = reuse.reuse_files(previous, staging)
        if files is not None:
            return {
                **{k: previous.entry[k] for k in _CONTENT_KEYS if k in previous.entry},
                "table": mart.qualified,
                "row_count": row_count,
                "columns": columns,
                "files": files,
                "content_fingerprint": fingerprint,
            }
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
        "content_fingerprint": fingerprint,
    }


# what a mart entry says of its files' content, carried over when the files are reused
_CONTENT_KEYS = ("csv_formula_cells_neutralised", "csv_formula_cells_by_column")


def _export_csv(
    con: duckdb.DuckDBPyConnection, query: str, target: Path, quoted: Sequence[str] = ()
) -> None:
    """The CSV as DuckDB writes it, behind a UTF-8 byte-order mark (DuckDB's writer adds none):
    written beside the target, then copied into a file that starts with the mark."""
    force_quote = f", FORCE_QUOTE ({', '.join(map(_quote, quoted))})" if quoted else ""
    unmarked = target.with_name(target.name + ".without-bom")
    try:
        con.execute(
            f"COPY ({query}) TO {_sql_string(str(unmarked))} "
            f"(FORMAT csv, HEADER true, DELIMITER ',', QUOTE '\"', NULLSTR ''{force_quote})"
        )
        _prefix_bom(unmarked, target)
    finally:
        unmarked.unlink(missing_ok=True)


def _prefix_bom(source: Path, target: Path) -> None:
    with source.open("rb") as src, target.open("xb") as dst:
        dst.write(CSV_BOM)
        dst.flush()
        # the kernel copies the rest (sendfile), behind the mark
        offset, size = 0, os.fstat(src.fileno()).st_size
        while offset < size:
            sent = os.sendfile(dst.fileno(), src.fileno(), offset, size - offset)
            if not sent:
                raise PublicationError(f"{source.name}: shorter than its {size} bytes")
            offset += sent


def _export_parquet(con: duckdb.DuckDBPyConnection, query: str, target: Path) -> None:
    con.execute(f"COPY ({query}) TO {_sql_string(str(target))} (FORMAT parquet)")


def copy_marts(
    con: duckdb.DuckDBPyConnection,
    marts: Sequence[Mart],
    contracts: Mapping[str, MartContract] | None = None,
) -> list[dict[str, Any]]:
    """Copy each mart from the working database into the release database, with its contract's
    primary and foreign keys and descriptions; return, per mart in the order given, what the
    database declares of it (for the manifest's ``database`` entry).

    ``CREATE TABLE AS`` would drop all three: DuckDB copies no comments, and keys can only be
    declared when a table is created. So each table is created with its columns typed and its
    keys, then filled in order, a table another one references before that one. A key column
    holding NULLs cannot be part of a primary key: the key is then left out, and the returned
    entry says which columns hold how many NULLs. A foreign key is declared only into a table
    copied here whose declared primary key is the referenced columns, and never into the table
    itself (DuckDB checks such a key row by row against the rows already inserted); the entry
    lists the keys left out and why. Rows that break a declared key are refused (a
    ``PublicationError``).
    """
    contracts = contracts or {}
    for schema in sorted({m.schema for m in marts}):
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {_quote(schema)}")
    declared_keys: dict[str, tuple[str, ...]] = {}
    entries = {}
    for mart in _referenced_first(marts, contracts):
        entries[mart.qualified] = _copy_mart(
            con, mart, contracts.get(mart.qualified), declared_keys
        )
        declared_keys[mart.qualified] = tuple(entries[mart.qualified]["primary_key"])
    return [entries[mart.qualified] for mart in marts]


def _referenced_first(marts: Sequence[Mart], contracts: Mapping[str, MartContract]) -> list[Mart]:
    """The marts in the order given, except that a mart another one's foreign key references
    comes before it (self-references and references outside ``marts`` are ignored)."""
    names = {m.qualified for m in marts}
    needs = {
        m.qualified: {
            fk.references
            for fk in (contracts[m.qualified].foreign_keys if m.qualified in contracts else ())
            if fk.references in names and fk.references != m.qualified
        }
        for m in marts
    }
    ordered: list[Mart] = []
    placed: set[str] = set()
    while len(ordered) < len(marts):
        ready = [m for m in marts if m.qualified not in placed and needs[m.qualified] <= placed]
        if not ready:
            cycle = sorted(n for n in names if n not in placed)
            raise PublicationError(f"foreign keys reference each other in a cycle: {cycle}")
        ordered.append(ready[0])
        placed.add(ready[0].qualified)
    return ordered


def _foreign_key_reason(
    fk: ForeignKey, table: str, names: Sequence[str], declared_keys: Mapping[str, tuple[str, ...]]
) -> str | None:
    """Why ``fk`` of ``table`` cannot be declared, or None when it can."""
    if missing := [c for c in fk.columns if c not in names]:
        return f"column(s) {missing} not in the table"
    if fk.references == table:
        return (
            "a key into the table itself: DuckDB checks it row by row against the rows "
            "already inserted, so a row before the one it names would be refused"
        )
    if fk.references not in declared_keys:
        return f"{fk.references} is not in this release database"
    if declared_keys[fk.references] != fk.referenced_columns:
        declared = ", ".join(declared_keys[fk.references]) or "none"
        return (
            f"DuckDB needs the referenced columns to be {fk.references}'s primary key "
            f"(declared: {declared})"
        )
    return None


def _copy_mart(
    con: duckdb.DuckDBPyConnection,
    mart: Mart,
    contract: MartContract | None,
    declared_keys: Mapping[str, tuple[str, ...]],
) -> dict[str, Any]:
    columns = _columns(con, mart)
    key = list(contract.primary_key) if contract else []
    names = [c["name"] for c in columns]
    missing = [c for c in key if c not in names]
    if missing:
        raise PublicationError(f"mart {mart.qualified}: primary key column(s) {missing} not found")
    key_nulls = _null_counts(con, mart.sql(WORKING_ALIAS), key)
    declared = key if key and not any(key_nulls.values()) else []
    foreign_keys, foreign_keys_left_out = [], []
    for fk in contract.foreign_keys if contract else ():
        reason = _foreign_key_reason(fk, mart.qualified, names, declared_keys)
        if reason:
            foreign_keys_left_out.append({**fk.as_dict(), "reason": reason})
        else:
            foreign_keys.append(fk)
    definitions = [f"{_quote(c['name'])} {c['type']}" for c in columns]
    if declared:
        definitions.append(f"PRIMARY KEY ({', '.join(map(_quote, declared))})")
    for fk in foreign_keys:
        referenced = Mart(*fk.references.split("."))
        definitions.append(
            f"FOREIGN KEY ({', '.join(map(_quote, fk.columns))}) REFERENCES {referenced.sql()} "
            f"({', '.join(map(_quote, fk.referenced_columns))})"
        )
    con.execute(f"CREATE TABLE {mart.sql()} ({', '.join(definitions)})")
    try:
        con.execute(
            f"INSERT INTO {mart.sql()} SELECT * FROM {mart.sql(WORKING_ALIAS)} ORDER BY ALL"
        )
    except duckdb.ConstraintException as error:
        keys = [f"primary key ({', '.join(declared)})"] if declared else []
        keys += [f"foreign key ({', '.join(fk.columns)}) -> {fk.references}" for fk in foreign_keys]
        raise PublicationError(
            f"mart {mart.qualified}: rows break its {' or '.join(keys)}: {error}"
        ) from error
    commented = _comment_table(con, mart.sql(), contract, names) if contract else 0
    entry: dict[str, Any] = {
        "table": mart.qualified,
        "primary_key": declared,
        "comments": commented,
    }
    if foreign_keys:
        entry["foreign_keys"] = [fk.as_dict() for fk in foreign_keys]
    if foreign_keys_left_out:
        entry["foreign_keys_not_declared"] = foreign_keys_left_out
    if key and not declared:
        holding = {c: n for c, n in key_nulls.items() if n}
        entry["primary_key_not_declared"] = {
            "contract_key": key,
            "reason": "a primary key column cannot hold NULL; NULLs per key column: "
            + ", ".join(f"{c} {n:,}" for c, n in holding.items()),
        }
    return entry


def _null_counts(
    con: duckdb.DuckDBPyConnection, relation: str, columns: Sequence[str]
) -> dict[str, int]:
    if not columns:
        return {}
    counts = ", ".join(f"count(*) filter (where {_quote(c)} is null)" for c in columns)
    row = con.execute(f"select {counts} from {relation}").fetchone()
    return {c: int(n) for c, n in zip(columns, row, strict=True)}


def _comment_table(
    con: duckdb.DuckDBPyConnection,
    table_sql: str,
    contract: MartContract,
    names: Sequence[str],
) -> int:
    """``COMMENT ON`` the table and each of ``names`` the contract describes; returns how many
    comments were written (empty descriptions are left out)."""
    written = 0
    if contract.description:
        con.execute(f"COMMENT ON TABLE {table_sql} IS {_sql_string(contract.description)}")
        written += 1
    for name in names:
        description = contract.columns.get(name, "")
        if description:
            con.execute(
                f"COMMENT ON COLUMN {table_sql}.{_quote(name)} IS {_sql_string(description)}"
            )
            written += 1
    return written


def write_release_table(
    con: duckdb.DuckDBPyConnection,
    release_id: str,
    created: datetime,
    content_sha256: str,
    synthetic: bool,
) -> None:
    """``main.release``: one row naming the release, commented like the marts."""
    con.execute(
        "CREATE TABLE main.release (release_id VARCHAR NOT NULL, created_at TIMESTAMPTZ NOT NULL, "
        "content_sha256 VARCHAR NOT NULL, frontline_version VARCHAR, synthetic BOOLEAN NOT NULL)"
    )
    con.execute(
        "INSERT INTO main.release VALUES (?, ?, ?, ?, ?)",
        [release_id, created, content_sha256, frontline_version(), synthetic],
    )
    _comment_table(con, "main.release", RELEASE_TABLE, list(RELEASE_TABLE.columns))


def database_manifest(tables: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """What the manifest's ``database`` entry says of the release database beyond its path: the
    storage format, the oldest DuckDB that opens it, and per mart (``copy_marts``'s entries) its
    declared primary key, the contract key left out and why, and how many comments it carries."""
    return {
        "storage_compatibility_version": RELEASE_DB_STORAGE_VERSION,
        "oldest_duckdb": OLDEST_READER,
        "storage_note": (
            f"written in DuckDB's storage format for {RELEASE_DB_STORAGE_VERSION} (file format "
            f"64), which DuckDB {OLDEST_READER} and later open (DuckDB 2.0's own format is "
            "refused by every 1.x client); "
            "tables and columns carry the dbt descriptions as comments (duckdb_tables(), "
            "duckdb_columns()), primary and foreign keys are in duckdb_constraints()"
        ),
        "tables": list(tables),
    }


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
