"""`frontline releases diff`: what changed between two releases, table by table.

Read from the two sealed folders alone: their manifests (tables, columns, row counts, file hashes,
sources, checks) and, for a table whose file hash changed, its Parquet files, compared row by row
in DuckDB (rows only in the old release, rows only in the new one; duplicates counted). A table
whose hash is unchanged is identical and is not read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from orchestration.paths import FrontlinePaths
from orchestration.publish.listing import read_manifest, release_folder


@dataclass(frozen=True)
class TableChange:
    table: str
    status: str  # added, removed, changed, unchanged
    old_rows: int
    new_rows: int
    rows_removed: int = 0
    rows_added: int = 0
    columns_added: tuple[str, ...] = ()
    columns_removed: tuple[str, ...] = ()
    columns_retyped: tuple[str, ...] = ()


def _parquet_hash(mart: dict[str, Any]) -> str | None:
    return next((f["sha256"] for f in mart.get("files", []) if f["format"] == "parquet"), None)


def _parquet_path(folder: Path, mart: dict[str, Any]) -> Path:
    return folder / next(f["path"] for f in mart["files"] if f["format"] == "parquet")


def _row_differences(old: Path, new: Path) -> tuple[int, int]:
    """Rows only in ``old`` and rows only in ``new`` (as multisets), by DuckDB's EXCEPT ALL."""
    import duckdb

    with duckdb.connect() as con:
        removed, added = con.execute(
            "select (select count(*) from (select * from read_parquet($old)"
            " except all select * from read_parquet($new))),"
            " (select count(*) from (select * from read_parquet($new)"
            " except all select * from read_parquet($old)))",
            {"old": str(old), "new": str(new)},
        ).fetchone()
    return int(removed), int(added)


def compare_table(
    old_folder: Path, new_folder: Path, old: dict[str, Any] | None, new: dict[str, Any] | None
) -> TableChange:
    if old is None or new is None:
        mart = new or old
        assert mart is not None
        return TableChange(
            table=mart["table"],
            status="added" if old is None else "removed",
            old_rows=old["row_count"] if old else 0,
            new_rows=new["row_count"] if new else 0,
        )
    if _parquet_hash(old) == _parquet_hash(new):
        return TableChange(new["table"], "unchanged", old["row_count"], new["row_count"])
    old_types = {c["name"]: c["type"] for c in old["columns"]}
    new_types = {c["name"]: c["type"] for c in new["columns"]}
    change = TableChange(
        table=new["table"],
        status="changed",
        old_rows=old["row_count"],
        new_rows=new["row_count"],
        columns_added=tuple(c for c in new_types if c not in old_types),
        columns_removed=tuple(c for c in old_types if c not in new_types),
        columns_retyped=tuple(
            c for c in new_types if c in old_types and old_types[c] != new_types[c]
        ),
    )
    if change.columns_added or change.columns_removed or change.columns_retyped:
        return change  # rows of different shapes are not comparable one by one
    removed, added = _row_differences(
        _parquet_path(old_folder, old), _parquet_path(new_folder, new)
    )
    return TableChange(**{**change.__dict__, "rows_removed": removed, "rows_added": added})


def previous_release_id(paths: FrontlinePaths, release_id: str) -> str | None:
    """The release written just before ``release_id`` (listing order), if any."""
    from orchestration.publish.listing import list_releases

    ids = [r.release_id for r in list_releases(paths)]
    at = ids.index(release_id) if release_id in ids else -1
    return ids[at - 1] if at > 0 else None


def diff_lines(paths: FrontlinePaths, old_id: str | None, new_id: str | None) -> list[str]:
    """Lines saying what changed from ``old_id`` to ``new_id`` (default: latest and the release
    before it). Raises UnknownRelease for an id the home does not hold."""
    from orchestration.publish.listing import UnknownRelease

    new_folder = release_folder(paths, new_id)
    old_id = old_id or previous_release_id(paths, new_folder.name)
    if old_id is None:
        raise UnknownRelease(f"release {new_folder.name} has no earlier release to compare with")
    old_folder = release_folder(paths, old_id)
    old_manifest, new_manifest = read_manifest(old_folder), read_manifest(new_folder)
    old_marts = {m["table"]: m for m in old_manifest["marts"]}
    new_marts = {m["table"]: m for m in new_manifest["marts"]}
    tables = sorted(old_marts.keys() | new_marts.keys())
    changes = [
        compare_table(old_folder, new_folder, old_marts.get(t), new_marts.get(t)) for t in tables
    ]
    lines = [f"from {old_folder.name}", f"  to {new_folder.name}", "tables:"]
    width = max((len(t) for t in tables), default=0)
    for c in changes:
        rows = f"{c.old_rows:>12,} -> {c.new_rows:>12,}"
        detail = ""
        if c.status == "changed" and (c.columns_added or c.columns_removed or c.columns_retyped):
            detail = "  columns " + ", ".join(
                [f"+{n}" for n in c.columns_added]
                + [f"-{n}" for n in c.columns_removed]
                + [f"~{n} (type)" for n in c.columns_retyped]
            )
        elif c.status == "changed":
            detail = f"  {c.rows_removed:,} rows removed, {c.rows_added:,} added"
        lines.append(f"  {c.table:<{width}}  {c.status:<9}  {rows}{detail}")
    lines += _source_lines(old_manifest, new_manifest) + _check_lines(old_manifest, new_manifest)
    return lines


def _source_lines(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    before = {s["path"]: s["sha256"] for s in old.get("sources", [])}
    after = {s["path"]: s["sha256"] for s in new.get("sources", [])}
    lines = [f"  + {p}" for p in sorted(after.keys() - before.keys())]
    lines += [f"  - {p}" for p in sorted(before.keys() - after.keys())]
    lines += [f"  ~ {p}" for p in sorted(before.keys() & after.keys()) if before[p] != after[p]]
    return ["sources:", *(lines or ["  no change"])]


def _check_lines(old: dict[str, Any], new: dict[str, Any], shown: int = 10) -> list[str]:
    """Checks whose outcome changed, new checks that failed and checks no longer run; the new
    checks that passed are counted, not listed (a new test file adds dozens)."""

    def keyed(manifest: dict[str, Any]) -> dict[tuple[str, str], bool]:
        return {(c["asset"], c["name"]): bool(c["passed"]) for c in manifest.get("checks", [])}

    before, after = keyed(old), keyed(new)
    added = sorted(after.keys() - before.keys())
    removed = sorted(before.keys() - after.keys())
    flipped = sorted(k for k in after.keys() & before.keys() if after[k] != before[k])
    lines = [
        f"checks: {len(before)} -> {len(after)}; {len(added)} new "
        f"({sum(after[k] for k in added)} passed), {len(removed)} no longer run, "
        f"{len(flipped)} changed outcome"
    ]
    listed = [
        *(f"  ~ {n} on {a}: now {'passed' if after[(a, n)] else 'failed'}" for a, n in flipped),
        *(f"  + {n} on {a}: failed" for a, n in added if not after[(a, n)]),
        *(f"  - {n} on {a}" for a, n in removed),
    ]
    more = len(listed) - shown
    return lines + listed[:shown] + ([f"  ... and {more} more"] if more > 0 else [])
