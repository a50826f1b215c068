"""The change log of a release against the previous one: ``changelog.json``.

Per published table, what changed since the release that was published when this one began
(``info.previous``; the first release of a home has none, and every table is ``added``). A table
whose Parquet file has the same sha256 in both manifests is ``unchanged`` without being read.
Otherwise the previous release's Parquet file is read with DuckDB and compared in SQL with the
table as published now, row by row on the contract's primary key:

- rows ``added`` (key not there before), ``removed`` (key gone) and ``changed`` (same key, some
  other column different; NULL equals NULL);
- ``largest_changes``: the numeric values that moved most (by absolute change), with before and
  after;
- a table without a primary key is compared by whole rows (added and removed only).

The shape (every field is always present; lists are sorted, so the file is deterministic)::

    {
      "release_id": "...", "previous_release_id": "..." or null,
      "summary": {"tables": 21, "added": 0, "removed": 0, "changed": 2, "unchanged": 19},
      "listed_rows": 20, "largest_changes_listed": 10,
      "tables": [
        {
          "table": "marts.rpt_police_report_card",
          "status": "changed",              # added | removed | changed | unchanged
          "compared": "rows",               # rows | file hash | whole rows | nothing
          "primary_key": ["force_code", "period_key"],
          "rows_before": 344, "rows_after": 344,
          "rows_added": 0, "rows_removed": 0, "rows_changed": 1,
          "columns_added": [], "columns_removed": [],
          "added": [{"force_code": "...", "period_key": "..."}],      # first listed_rows keys
          "removed": [],
          "changed": [{"key": {...}, "columns": ["crime_rate_per_1000", "summary"]}],
          "largest_changes": [
            {"key": {...}, "column": "crime_rate_per_1000", "before": 80.1, "after": 81.3,
             "change": 1.2}
          ]
        }
      ]
    }

``added``, ``removed`` and ``changed`` list the first ``listed_rows`` keys in key order; the
counts are exact.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import duckdb

from orchestration.publish.attachment import ReleaseInfo, write_file
from orchestration.publish.metadata import dataset
from orchestration.publish.metadata.previous import PreviousRelease, previous_release
from orchestration.publish.metadata.serialise import to_json

CHANGELOG = "changelog.json"
LISTED_ROWS = 20
LARGEST_CHANGES = 10
NUMERIC_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "FLOAT", "DOUBLE")
_CHANGED = "temp.main.changelog_changed"


def _q(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _is_numeric(duckdb_type: str) -> bool:
    return duckdb_type in NUMERIC_TYPES or duckdb_type.startswith("DECIMAL")


def _entry(table: str, status: str, compared: str, key: Sequence[str]) -> dict[str, Any]:
    return {
        "table": table,
        "status": status,
        "compared": compared,
        "primary_key": list(key),
        "rows_before": None,
        "rows_after": None,
        "rows_added": 0,
        "rows_removed": 0,
        "rows_changed": 0,
        "columns_added": [],
        "columns_removed": [],
        "added": [],
        "removed": [],
        "changed": [],
        "largest_changes": [],
    }


def _keys(con: duckdb.DuckDBPyConnection, sql: str, key: Sequence[str]) -> list[dict[str, Any]]:
    rows = con.execute(sql).fetchall()
    return [dict(zip(key, row, strict=True)) for row in rows]


def compare_table(
    con: duckdb.DuckDBPyConnection,
    mart: Mapping[str, Any],
    previous: PreviousRelease,
    key: Sequence[str],
) -> dict[str, Any]:
    """The change log entry of a table present in both releases (see the module docstring)."""
    table = mart["table"]
    before_mart = previous.mart(table) or {}
    before_file, after_file = previous.file(table, "parquet"), dataset.mart_file(mart, "parquet")
    now_types = {c["name"]: c["type"] for c in mart["columns"]}
    before_columns = [c["name"] for c in before_mart.get("columns", [])]
    key = [k for k in key if k in now_types and k in before_columns]
    entry = _entry(table, "unchanged", "file hash", key)
    entry["rows_before"] = before_mart.get("row_count")
    entry["rows_after"] = mart["row_count"]
    entry["columns_added"] = [c for c in now_types if c not in before_columns]
    entry["columns_removed"] = [c for c in before_columns if c not in now_types]
    if before_file and before_file.get("sha256") == after_file["sha256"]:
        return entry
    if not before_file or not (previous.folder / before_file["path"]).is_file():
        entry["compared"] = "nothing"
        entry["status"] = "changed"
        return entry
    now = ".".join(_q(p) for p in table.split("."))
    before = f"read_parquet({_string(str(previous.folder / before_file['path']))})"
    common = [c for c in now_types if c in before_columns]
    if key:
        _compare_by_key(con, entry, now, before, key, common, now_types)
    else:
        _compare_whole_rows(con, entry, now, before, common)
    differs = (
        entry["rows_added"]
        or entry["rows_removed"]
        or entry["rows_changed"]
        or entry["columns_added"]
        or entry["columns_removed"]
    )
    entry["status"] = "changed" if differs else "unchanged"
    return entry


def _compare_by_key(
    con: duckdb.DuckDBPyConnection,
    entry: dict[str, Any],
    now: str,
    before: str,
    key: Sequence[str],
    common: Sequence[str],
    types: Mapping[str, str],
) -> None:
    entry["compared"] = "rows"

    def same_key(a: str, b: str) -> str:
        return " and ".join(f"{a}.{_q(k)} is not distinct from {b}.{_q(k)}" for k in key)

    key_list = ", ".join(f"x.{_q(k)}" for k in key)
    for name, this, other in (("added", now, before), ("removed", before, now)):
        missing = (
            f"select x.* from {this} x where not exists "
            f"(select 1 from {other} y where {same_key('x', 'y')})"
        )
        (count,) = con.execute(f"select count(*) from ({missing}) x").fetchone()
        entry[f"rows_{name}"] = int(count)
        entry[name] = _keys(
            con, f"select {key_list} from ({missing}) x order by all limit {LISTED_ROWS}", key
        )
    on = same_key("n", "b")
    values = [c for c in common if c not in key]
    if not values:
        return
    differs = [f"n.{_q(c)} is distinct from b.{_q(c)}" for c in values]
    flags = ", ".join(
        f"case when {d} then {_string(c)} end" for c, d in zip(values, differs, strict=True)
    )
    numeric = [c for c in values if _is_numeric(types[c])]
    pairs = "".join(
        f", cast(b.{_q(c)} as double) as {_q(c + '__before')}"
        f", cast(n.{_q(c)} as double) as {_q(c + '__after')}"
        for c in numeric
    )
    con.execute(
        f"create or replace temporary table changelog_changed as "
        f"select {', '.join(f'n.{_q(k)} as {_q(k)}' for k in key)}, "
        f"list_filter([{flags}], lambda c: c is not null) as changed_columns{pairs} "
        f"from {now} n join {before} b on {on} where {' or '.join(differs)}"
    )
    try:
        (count,) = con.execute(f"select count(*) from {_CHANGED}").fetchone()
        entry["rows_changed"] = int(count)
        keys = ", ".join(_q(k) for k in key)
        rows = con.execute(
            f"select {keys}, changed_columns from {_CHANGED} order by {keys} limit {LISTED_ROWS}"
        ).fetchall()
        entry["changed"] = [
            {"key": dict(zip(key, row[:-1], strict=True)), "columns": list(row[-1])} for row in rows
        ]
        entry["largest_changes"] = _largest_changes(con, key, numeric)
    finally:
        con.execute(f"drop table if exists {_CHANGED}")


def _largest_changes(
    con: duckdb.DuckDBPyConnection, key: Sequence[str], numeric: Sequence[str]
) -> list[dict[str, Any]]:
    if not numeric:
        return []
    keys = ", ".join(_q(k) for k in key)
    parts = [
        f"select {keys}, {_string(c)} as column_name, {_q(c + '__before')} as before, "
        f"{_q(c + '__after')} as after from {_CHANGED} "
        f"where {_q(c + '__before')} is not null and {_q(c + '__after')} is not null "
        f"and {_q(c + '__before')} <> {_q(c + '__after')}"
        for c in numeric
    ]
    rows = con.execute(
        f"select * from ({' union all '.join(parts)}) "
        f"order by abs(after - before) desc, {keys}, column_name limit {LARGEST_CHANGES}"
    ).fetchall()
    n = len(key)
    return [
        {
            "key": dict(zip(key, row[:n], strict=True)),
            "column": row[n],
            "before": row[n + 1],
            "after": row[n + 2],
            "change": row[n + 2] - row[n + 1],
        }
        for row in rows
    ]


def _compare_whole_rows(
    con: duckdb.DuckDBPyConnection,
    entry: dict[str, Any],
    now: str,
    before: str,
    common: Sequence[str],
) -> None:
    entry["compared"] = "whole rows"
    columns = ", ".join(_q(c) for c in common)
    for name, this, other in (("added", now, before), ("removed", before, now)):
        (count,) = con.execute(
            f"select count(*) from (select {columns} from {this} "
            f"except all select {columns} from {other})"
        ).fetchone()
        entry[f"rows_{name}"] = int(count)


def changelog(con: duckdb.DuckDBPyConnection, info: ReleaseInfo) -> dict[str, Any]:
    """The whole change log (see the module docstring)."""
    previous = previous_release(info.previous)
    tables = []
    now_tables = {m["table"] for m in info.marts}
    for mart in info.marts:
        key = dataset.contract_of(info.contracts, mart).primary_key
        if previous is None or previous.mart(mart["table"]) is None:
            entry = _entry(mart["table"], "added", "nothing", key)
            entry["rows_after"] = entry["rows_added"] = mart["row_count"]
        else:
            entry = compare_table(con, mart, previous, key)
        tables.append(entry)
    for old in previous.manifest.get("marts", []) if previous else []:
        if old.get("table") not in now_tables:
            entry = _entry(old["table"], "removed", "nothing", [])
            entry["rows_before"] = entry["rows_removed"] = old.get("row_count")
            tables.append(entry)
    tables.sort(key=lambda e: e["table"])
    statuses = [t["status"] for t in tables]
    return {
        "release_id": info.release_id,
        "previous_release_id": previous.release_id if previous else None,
        "summary": {
            "tables": len(tables),
            **{s: statuses.count(s) for s in ("added", "removed", "changed", "unchanged")},
        },
        "listed_rows": LISTED_ROWS,
        "largest_changes_listed": LARGEST_CHANGES,
        "tables": tables,
    }


def write_changelog(
    con: duckdb.DuckDBPyConnection, folder: Path, info: ReleaseInfo
) -> list[dict[str, Any]]:
    return [write_file(folder, CHANGELOG, to_json(changelog(con, info)), kind="changelog")]
