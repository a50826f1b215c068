"""Publication: write an immutable release folder, then swap the published database and `latest`.

Write-audit-publish, the last step. Everything is written under temporary names first; the only
steps another process can see are atomic renames, in this order:

1. ``releases/.tmp-<token>/`` -> ``releases/<release_id>/`` (the complete release folder);
2. ``published/.frontline.duckdb.tmp-<token>`` -> ``published/frontline.duckdb`` (a hard link to the
   release folder's own ``frontline.duckdb``, so the release keeps the exact database it published);
3. ``releases/.tmp-latest-<token>`` -> ``releases/latest`` (a relative symlink), then
   ``releases/.tmp-latest-<token>.json`` -> ``releases/latest.json``.

A failure or a kill at any moment leaves the previous release folder, published database and
``latest`` whole. A kill between steps 1 and 3 leaves a complete release folder that ``latest``
never pointed at; a kill between 2 and 3 leaves the new database published with ``latest`` one
behind (the database's ``release`` table says which release it holds). The next publish removes
stale ``.tmp-*`` leftovers. Publishes are serialised by a lock file, ``releases/.publish.lock``.

A synthetic release (``synthetic=True``, or any source file marked synthetic: generated, not
published) is labelled so in its manifest (``synthetic``, ``synthetic_sources``) and database
(``release.synthetic``) and stops after step 1: it gets its own release folder, but the published
database and ``latest`` stay on the last real release, so what users open is never synthetic.

Readers that hold the old published file open keep reading the old data: the rename replaces the
directory entry, not the file. DuckDB caches one database instance per path *per process*, so a
process that still holds any connection to the old file gets the old instance again when it opens
the same path; it sees the new release once all its connections to the path are closed.

Files in a release: per mart a tidy CSV (header; one row per observation; rows ordered by all
columns, ascending, NULLs last; NULL written as an empty field, an empty string as ``""``;
timestamps with time zone rendered in UTC) and a Parquet file. Both are byte-for-byte
deterministic for the same data: they are written by one thread, and the release's
``content_sha256`` hashes only them, so it does not depend on when the release was made.

Attachments (charts): ``publish_release(..., attachments=write_charts)`` calls the function with
the staging database (which then holds the marts) and the staging folder, before the manifest is
written and the folder sealed. The files it writes are listed in the manifest under ``charts``,
covered by ``SHA256SUMS`` and hashed, the same way, into ``charts_sha256``; they never change
``content_sha256`` (which remains the hash of the mart files alone) or the release id.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import math
import os
import shutil
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import duckdb

from orchestration.paths import FrontlinePaths
from orchestration.publish.licence import licence_statement
from orchestration.publish.model import (
    CheckOutcome,
    PublicationBlocked,
    PublicationError,
    Release,
    SourceFile,
)

TMP_PREFIX = ".tmp-"
RELEASE_DB_NAME = "frontline.duckdb"
LATEST = "latest"
LATEST_JSON = "latest.json"
LOCK_NAME = ".publish.lock"
WORKING_ALIAS = "working"
CONTENT_HASH_METHOD = (
    "sha256 over the lines '<sha256>  <path>\\n' of every mart file (CSV and Parquet), "
    "sorted by path; independent of the release id and timestamps"
)
CHARTS_HASH_METHOD = (
    "sha256 over the lines '<sha256>  <path>\\n' of every file listed under charts, sorted by path"
)
RESERVED_NAMES = ("csv", "parquet", RELEASE_DB_NAME, "manifest.json", "SHA256SUMS", "LICENCE.txt")
Attachments = Callable[[duckdb.DuckDBPyConnection, Path], list[dict[str, Any]]]
CSV_DIALECT = {
    "encoding": "utf-8",
    "delimiter": ",",
    "quote": '"',
    "header": True,
    "null": "",
    "empty_string": '""',
    "row_order": "all columns ascending, in column order, NULLs last",
    "timestamptz": "rendered in UTC",
}


@dataclass(frozen=True)
class _Mart:
    schema: str
    table: str

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.table}"

    def sql(self, catalog: str | None = None) -> str:
        parts = ([catalog] if catalog else []) + [self.schema, self.table]
        return ".".join(_quote(p) for p in parts)


def publish_release(
    paths: FrontlinePaths,
    marts: list[str],
    checks: list[CheckOutcome],
    sources: list[SourceFile],
    synthetic: bool = False,
    attachments: Attachments | None = None,
    keep_releases: int | None = None,
) -> Release:
    """Publish ``marts`` from the working database as a new release, if every blocking check passed.

    ``attachments`` (for example ``charts.write_charts``) is called with the staging database,
    once it holds the marts, and the staging folder; it writes files into the folder and returns
    one entry per file (at least ``path``, relative to the folder, ``sha256`` and ``bytes``),
    listed in the manifest under ``charts``. ``keep_releases`` prunes older release folders once
    the new one is latest (see ``prune_releases``); None keeps every release.

    ``synthetic`` marks the release as built from synthetic data; it is also synthetic when any
    of ``sources`` is. A synthetic release is written to its own folder only (see the module
    docstring): the published database and ``latest`` are left as they were.

    Raises ``PublicationBlocked`` (naming the failed checks) before touching anything when a
    blocking check failed, and ``PublicationError`` when the request cannot be published.
    """
    failed = [c for c in checks if c.blocking and not c.passed]
    if failed:
        names = ", ".join(
            f"{c.name} ({c.asset}, {c.failing_row_count} failing rows)" for c in failed
        )
        raise PublicationBlocked(
            f"publication blocked: {len(failed)} blocking check(s) failed: {names}"
        )
    targets = _parse_marts(marts)
    synthetic_sources = sorted(s.path for s in sources if s.synthetic)
    synthetic = synthetic or bool(synthetic_sources)
    if not paths.working_db.exists():
        raise PublicationError(f"working database not found: {paths.working_db}")

    releases = paths.releases_dir
    releases.mkdir(parents=True, exist_ok=True)
    paths.published_db.parent.mkdir(parents=True, exist_ok=True)

    with _publish_lock(releases):
        _clean_leftovers(paths)
        token = uuid.uuid4().hex
        staging = releases / f"{TMP_PREFIX}{token}"
        staging.mkdir()
        created = datetime.now(UTC).replace(microsecond=0)
        created_at = created.strftime("%Y-%m-%dT%H:%M:%SZ")

        with _staging_database(staging / RELEASE_DB_NAME, paths.working_db) as con:
            mart_entries = [_export_mart(con, mart, staging) for mart in targets]
            content_sha256 = _content_sha256(mart_entries)
            release_id = _free_release_id(releases, created, content_sha256)
            _copy_marts(con, targets)
            _write_release_table(con, release_id, created, content_sha256, synthetic)
            chart_entries = _attach(attachments, con, staging)

        manifest = _manifest(
            release_id, created_at, content_sha256, mart_entries, checks, sources, synthetic
        )
        manifest["synthetic_sources"] = synthetic_sources
        manifest["published_as_latest"] = not synthetic
        manifest["charts"] = chart_entries
        if chart_entries:
            manifest["charts_sha256"] = _listing_sha256(chart_entries)
            manifest["charts_sha256_method"] = CHARTS_HASH_METHOD
        _write_text(staging / "manifest.json", _to_json(manifest))
        _write_text(staging / "LICENCE.txt", manifest["licence"] + "\n")
        _write_sha256sums(staging)
        _seal(staging)

        # 1. the release folder appears, whole
        folder = releases / release_id
        os.rename(staging, folder)
        _fsync(releases)
        if synthetic:  # never what users open: the published database and latest stay as they are
            if keep_releases is not None:
                prune_releases(paths, keep_releases)
            return Release(
                release_id=release_id,
                folder=folder,
                created_at=created_at,
                content_sha256=content_sha256,
                published_db=None,
                manifest=manifest,
                synthetic=True,
            )

        # 2. the published database is swapped
        tmp_db = paths.published_db.with_name(f".{paths.published_db.name}{TMP_PREFIX}{token}")
        _link_or_copy(folder / RELEASE_DB_NAME, tmp_db)
        os.replace(tmp_db, paths.published_db)
        _fsync(paths.published_db.parent)

        # 3. latest points at it
        tmp_link = releases / f"{TMP_PREFIX}latest-{token}"
        os.symlink(release_id, tmp_link)
        os.replace(tmp_link, releases / LATEST)
        latest = {
            "release_id": release_id,
            "created_at": created_at,
            "content_sha256": content_sha256,
            "synthetic": synthetic,
            "folder": release_id,
            "manifest": f"{release_id}/manifest.json",
        }
        tmp_json = releases / f"{TMP_PREFIX}latest-{token}.json"
        _write_text(tmp_json, _to_json(latest))
        os.replace(tmp_json, releases / LATEST_JSON)
        _fsync(releases)
        if keep_releases is not None:
            prune_releases(paths, keep_releases)

    return Release(
        release_id=release_id,
        folder=folder,
        created_at=created_at,
        content_sha256=content_sha256,
        published_db=paths.published_db,
        manifest=manifest,
    )


def latest_release(paths: FrontlinePaths) -> dict[str, Any] | None:
    """What ``releases/latest.json`` says, or None before the first publication."""
    try:
        return json.loads((paths.releases_dir / LATEST_JSON).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None


# --- what to publish ---------------------------------------------------------------------------


def _parse_marts(marts: Sequence[str]) -> list[_Mart]:
    if not marts:
        raise PublicationError("no marts to publish")
    parsed: list[_Mart] = []
    for name in marts:
        parts = name.split(".")
        if len(parts) != 2 or not all(parts):
            raise PublicationError(f"mart {name!r}: expected 'schema.table'")
        parsed.append(_Mart(*parts))
    tables = [m.table for m in parsed]
    duplicates = sorted({t for t in tables if tables.count(t) > 1})
    if duplicates:
        raise PublicationError(f"mart table names must be unique across schemas: {duplicates}")
    return parsed


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


# --- the staging database and the exports ------------------------------------------------------


@contextlib.contextmanager
def _staging_database(db_path: Path, working_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
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


def _columns(con: duckdb.DuckDBPyConnection, mart: _Mart) -> list[dict[str, Any]]:
    rows = con.execute(
        "select column_name, data_type, is_nullable from information_schema.columns "
        "where table_catalog = ? and table_schema = ? and table_name = ? "
        "order by ordinal_position",
        [WORKING_ALIAS, mart.schema, mart.table],
    ).fetchall()
    if not rows:
        raise PublicationError(f"mart {mart.qualified} not found in the working database")
    return [{"name": n, "type": t, "nullable": nullable == "YES"} for n, t, nullable in rows]


def _export_mart(con: duckdb.DuckDBPyConnection, mart: _Mart, staging: Path) -> dict[str, Any]:
    columns = _columns(con, mart)
    (row_count,) = con.execute(f"select count(*) from {mart.sql(WORKING_ALIAS)}").fetchone()
    ordered = f"select * from {mart.sql(WORKING_ALIAS)} order by all"
    csv_rel, parquet_rel = f"csv/{mart.table}.csv", f"parquet/{mart.table}.parquet"
    for rel in (csv_rel, parquet_rel):
        (staging / rel).parent.mkdir(exist_ok=True)
    # one thread: DuckDB's writers are then byte-for-byte deterministic
    con.execute("SET threads = 1")
    try:
        _export_csv(con, ordered, staging / csv_rel)
        _export_parquet(con, ordered, staging / parquet_rel)
    finally:
        con.execute("RESET threads")
    files = [
        _file_entry(staging, csv_rel, "csv"),
        _file_entry(staging, parquet_rel, "parquet"),
    ]
    return {"table": mart.qualified, "row_count": row_count, "columns": columns, "files": files}


def _export_csv(con: duckdb.DuckDBPyConnection, query: str, target: Path) -> None:
    con.execute(
        f"COPY ({query}) TO {_sql_string(str(target))} "
        "(FORMAT csv, HEADER true, DELIMITER ',', QUOTE '\"', NULLSTR '')"
    )


def _export_parquet(con: duckdb.DuckDBPyConnection, query: str, target: Path) -> None:
    con.execute(f"COPY ({query}) TO {_sql_string(str(target))} (FORMAT parquet)")


def _copy_marts(con: duckdb.DuckDBPyConnection, marts: Sequence[_Mart]) -> None:
    for schema in sorted({m.schema for m in marts}):
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {_quote(schema)}")
    for mart in marts:
        con.execute(
            f"CREATE TABLE {mart.sql()} AS SELECT * FROM {mart.sql(WORKING_ALIAS)} ORDER BY ALL"
        )


def _write_release_table(
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
        [release_id, created, content_sha256, _frontline_version(), synthetic],
    )


# --- hashes, ids, the manifest -----------------------------------------------------------------


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _file_entry(root: Path, rel: str, fmt: str) -> dict[str, Any]:
    path = root / rel
    return {"path": rel, "format": fmt, "sha256": _sha256(path), "bytes": path.stat().st_size}


def _content_sha256(mart_entries: Sequence[dict[str, Any]]) -> str:
    return _listing_sha256([f for m in mart_entries for f in m["files"]])


def _listing_sha256(files: Sequence[dict[str, Any]]) -> str:
    pairs = sorted((f["path"], f["sha256"]) for f in files)
    lines = "".join(f"{sha}  {path}\n" for path, sha in pairs)
    return hashlib.sha256(lines.encode("utf-8")).hexdigest()


def _attach(
    attachments: Attachments | None, con: duckdb.DuckDBPyConnection, staging: Path
) -> list[dict[str, Any]]:
    """Run the attachments and check that every entry names a file it wrote, with its hash."""
    if attachments is None:
        return []
    entries = attachments(con, staging)
    seen: set[str] = set()
    for entry in entries:
        rel = entry.get("path")
        if not isinstance(rel, str) or not rel or rel in seen:
            raise PublicationError(f"attachment entry without a unique path: {entry!r}")
        seen.add(rel)
        path = staging / rel
        parts = Path(rel).parts
        if (
            Path(rel).is_absolute()
            or ".." in parts
            or parts[0] in RESERVED_NAMES
            or not path.is_file()
        ):
            raise PublicationError(f"attachment {rel!r}: not a file the attachment wrote")
        if entry.get("sha256") != _sha256(path) or entry.get("bytes") != path.stat().st_size:
            raise PublicationError(f"attachment {rel!r}: sha256 or bytes do not match the file")
    return sorted(entries, key=lambda e: e["path"])


def _free_release_id(releases: Path, created: datetime, content_sha256: str) -> str:
    base = f"{created.strftime('%Y-%m-%dT%H-%M-%SZ')}-{content_sha256[:8]}"
    candidate, n = base, 1
    while os.path.lexists(releases / candidate):
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _frontline_version() -> str:
    try:
        return metadata.version("frontline")
    except metadata.PackageNotFoundError:
        return "0+unknown"


def _manifest(
    release_id: str,
    created_at: str,
    content_sha256: str,
    mart_entries: list[dict[str, Any]],
    checks: Sequence[CheckOutcome],
    sources: Sequence[SourceFile],
    synthetic: bool,
) -> dict[str, Any]:
    return {
        "release_id": release_id,
        "created_at": created_at,
        "frontline_version": _frontline_version(),
        "synthetic": synthetic,
        "content_sha256": content_sha256,
        "content_sha256_method": CONTENT_HASH_METHOD,
        "csv_dialect": CSV_DIALECT,
        "marts": mart_entries,
        "database": {
            "path": RELEASE_DB_NAME,
            "note": "the DuckDB file published with this release (not byte-deterministic, so "
            "not part of content_sha256)",
        },
        "sources": [asdict(s) for s in sources],
        "licence": licence_statement(sources),
        "checks": [asdict(c) for c in checks],
    }


def _jsonable(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _to_json(value: Any) -> str:
    return json.dumps(_jsonable(value), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


# --- files -------------------------------------------------------------------------------------


def _write_text(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())


def _write_sha256sums(folder: Path) -> None:
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.name != RELEASE_DB_NAME)
    lines = "".join(f"{_sha256(p)}  {p.relative_to(folder).as_posix()}\n" for p in files)
    _write_text(folder / "SHA256SUMS", lines)


def _seal(folder: Path) -> None:
    """Make every file read-only and durable before the folder is renamed into place."""
    for path in sorted(folder.rglob("*"), reverse=True):
        if path.is_file():
            path.chmod(0o444)
            _fsync(path)
        else:
            _fsync(path)
    _fsync(folder)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
        _fsync(target)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def prune_releases(paths: FrontlinePaths, keep: int) -> list[str]:
    """Delete all but the newest ``keep`` release folders; never the one ``latest`` points to.

    Release ids start with their UTC creation time, so name order is age order. Returns the ids
    removed. Call it while holding the publish lock (publish_release does).
    """
    if keep < 1:
        raise ValueError(f"keep must be at least 1 (the latest release); got {keep}")
    releases = paths.releases_dir
    latest = (releases / LATEST).resolve().name if (releases / LATEST).is_symlink() else None
    folders = sorted(
        entry.name
        for entry in releases.iterdir()
        if entry.is_dir() and not entry.is_symlink() and not entry.name.startswith(TMP_PREFIX)
    )
    removed = [name for name in folders[:-keep] if name != latest]
    for name in removed:
        _remove(releases / name)
    return removed


def _clean_leftovers(paths: FrontlinePaths) -> None:
    """Remove what an interrupted publish left under temporary names (callers hold the lock)."""
    for entry in paths.releases_dir.iterdir():
        if entry.name.startswith(TMP_PREFIX):
            _remove(entry)
    db_tmp_prefix = f".{paths.published_db.name}{TMP_PREFIX}"
    for entry in paths.published_db.parent.iterdir():
        if entry.name.startswith(db_tmp_prefix):
            _remove(entry)


@contextlib.contextmanager
def _publish_lock(releases: Path) -> Iterator[None]:
    with (releases / LOCK_NAME).open("a") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)
