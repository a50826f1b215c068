"""Publication: write an immutable release folder, seal and verify it, then switch `latest`.

Write-audit-publish, the last step. A release is one unit: one folder,
``releases/<release_id>/``, holding the marts (CSV and Parquet), the database analysts open
(``frontline.duckdb``), ``manifest.json``, ``release.json`` (what ``latest.json`` says),
``LICENCE.txt`` and ``SHA256SUMS``, which lists every one of those files, the database included.
The folder is sealed (files 0444, folders 0555; see ``seal.py``) and verified against its
``SHA256SUMS`` before it can become latest.

One pointer says which release is published: the relative symlink ``releases/latest``. Everything
users open is resolved through it, by links made once:

- ``published/frontline.duckdb`` -> ``../releases/latest/frontline.duckdb``;
- ``releases/latest.json`` -> ``latest/release.json``.

So one atomic step, the rename of a new ``latest`` link over the old one, switches the database,
the metadata and the files together; there is no moment at which two of them name different
releases. Everything is written under temporary names first; the steps another process can see
are atomic renames:

1. ``releases/.tmp-<token>/`` -> ``releases/<release_id>/`` (the sealed folder), then verified;
2. (once per home) the two links above, put in place by rename; a home from the earlier layout (a
   real file at ``published/frontline.duckdb``, a real ``latest.json``) is migrated here, each
   link only once what it resolves to exists, so it never names another release than ``latest``;
3. ``releases/.tmp-latest-<token>`` -> ``releases/latest``: the switch.

A failure or a kill at any moment leaves the previous release folder, the published database and
``latest`` whole and in agreement. A kill between 1 and 3 leaves a complete folder that ``latest``
never pointed at: the next publish removes it (and says so in the log). Which releases have been
latest is recorded in ``releases/.latest-history`` (after each switch, and from ``latest`` itself
at the start of each publish, so a kill after the switch loses nothing); a complete, non-synthetic
folder that is neither latest nor in that record is such an orphan. A home from before the record
starts it with every folder it holds, so nothing is removed that might once have been published.
Stale ``.tmp-*`` leftovers are removed too; pruned and orphan folders are first renamed to a
``.tmp-*`` name, so a kill while deleting never leaves a half-deleted folder under a release's name.
Publishes are serialised by a lock file, ``releases/.publish.lock``.

A synthetic release (``synthetic=True``, or any source file marked synthetic: generated, not
published) is labelled so in its manifest (``synthetic``, ``synthetic_sources``) and database
(``release.synthetic``) and stops after step 1: it gets its own release folder, but ``latest`` (and
with it the published database) stays on the last real release, so what users open is never
synthetic.

Readers that hold the published database open keep reading the release they opened: the switch
changes which file the path resolves to, not the file, and the file lives on in its release folder
(an open file even outlives pruning). DuckDB caches one database instance per path *per process*,
so a process that still holds any connection to the path gets the old instance again when it opens
the same path; it sees the new release once all its connections to the path are closed.

Files in a release: per mart a tidy CSV (header; one row per observation; rows ordered by all
columns, ascending, NULLs last; NULL written as an empty field, an empty string as ``""``;
timestamps with time zone rendered in UTC; text cells a spreadsheet would run as a formula made
inert, see ``csv_safety.py``) and a Parquet file (the true values). Both are byte-for-byte
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
import logging
import math
import os
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import duckdb

from orchestration.paths import FrontlinePaths
from orchestration.publish.csv_safety import (
    DIALECT_NOTE,
    formula_cell_counts,
    neutralised_query,
    text_columns,
)
from orchestration.publish.licence import licence_statement
from orchestration.publish.model import (
    CheckOutcome,
    PublicationBlocked,
    PublicationError,
    Release,
    SourceFile,
)
from orchestration.publish.seal import (
    MANIFEST_NAME,
    RELEASE_DB_NAME,
    SUMS_NAME,
    fsync_path,
    remove_tree,
    seal,
    sha256_file,
    verify_release,
    write_sha256sums,
)

log = logging.getLogger(__name__)

TMP_PREFIX = ".tmp-"
# temporary names of the published database under the earlier layout, cleaned up like ours
LEGACY_DB_TMP_PREFIX = f".{RELEASE_DB_NAME}{TMP_PREFIX}"
LATEST = "latest"
LATEST_JSON = "latest.json"
RELEASE_JSON = "release.json"
HISTORY = ".latest-history"
LOCK_NAME = ".publish.lock"
_ID_TIME_LENGTH = len("2026-01-01T00-00-00Z")
WORKING_ALIAS = "working"
CONTENT_HASH_METHOD = (
    "sha256 over the lines '<sha256>  <path>\\n' of every mart file (CSV and Parquet), "
    "sorted by path; independent of the release id and timestamps"
)
CHARTS_HASH_METHOD = (
    "sha256 over the lines '<sha256>  <path>\\n' of every file listed under charts, sorted by path"
)
RESERVED_NAMES = (
    "csv",
    "parquet",
    RELEASE_DB_NAME,
    MANIFEST_NAME,
    RELEASE_JSON,
    SUMS_NAME,
    "LICENCE.txt",
)
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
    **DIALECT_NOTE,
}
SEAL = {
    "checksums": f"{SUMS_NAME} lists every file of the release, {RELEASE_DB_NAME} included "
    f"(check with: sha256sum -c {SUMS_NAME}, in the release folder)",
    "file_mode": "0444",
    "folder_mode": "0555",
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
    loads: list[dict[str, Any]] | None = None,
) -> Release:
    """Publish ``marts`` from the working database as a new release, if every blocking check passed.

    ``attachments`` (for example ``charts.write_charts``) is called with the staging database,
    once it holds the marts, and the staging folder; it writes files into the folder and returns
    one entry per file (at least ``path``, relative to the folder, ``sha256`` and ``bytes``),
    listed in the manifest under ``charts``. ``keep_releases`` prunes older release folders once
    the new one is latest (see ``prune_releases``); None keeps every release. ``loads`` (per
    source: files, rows landed and rejected, the reject threshold, top reject reasons, quarantined
    files; ``load_report``'s ``as_dict()``) goes into the manifest under ``loads``.

    ``synthetic`` marks the release as built from synthetic data; it is also synthetic when any
    of ``sources`` is. A synthetic release is written to its own folder only (see the module
    docstring): the published database and ``latest`` are left as they were.

    Raises ``PublicationBlocked`` (naming the failed checks) before touching anything when a
    blocking check failed, ``PublicationError`` when the request cannot be published, and
    ``ReleaseVerificationError`` when the sealed folder does not match its checksums (``latest``
    is then left where it was).
    """
    _check_gate(checks)
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
        orphans = _remove_orphans(releases)
        staged = _stage(paths, targets, synthetic, attachments)
        manifest = _manifest(staged, checks, sources, synthetic, synthetic_sources, loads)
        _write_and_seal(staged, manifest, synthetic)
        folder, migrated = _make_latest(paths, staged, synthetic)
        pruned = prune_releases(paths, keep_releases) if keep_releases is not None else []

    return Release(
        release_id=staged.release_id,
        folder=folder,
        created_at=staged.created_at,
        content_sha256=staged.content_sha256,
        published_db=None if synthetic else paths.published_db,
        manifest=manifest,
        synthetic=synthetic,
        pruned=tuple(pruned),
        orphans_removed=tuple(orphans),
        links_migrated=tuple(migrated),
    )


# --- the steps of a publish --------------------------------------------------------------------


@dataclass(frozen=True)
class _Staged:
    """A release written under its temporary name, before its metadata and seal."""

    token: str
    folder: Path
    release_id: str
    created_at: str
    content_sha256: str
    mart_entries: list[dict[str, Any]]
    chart_entries: list[dict[str, Any]]


def _check_gate(checks: Sequence[CheckOutcome]) -> None:
    """Raise ``PublicationBlocked`` naming every blocking check that failed."""
    failed = [c for c in checks if c.blocking and not c.passed]
    if failed:
        names = ", ".join(
            f"{c.name} ({c.asset}, {c.failing_row_count} failing rows)" for c in failed
        )
        raise PublicationBlocked(
            f"publication blocked: {len(failed)} blocking check(s) failed: {names}"
        )


def _stage(
    paths: FrontlinePaths,
    targets: Sequence[_Mart],
    synthetic: bool,
    attachments: Attachments | None,
) -> _Staged:
    """Export the marts into ``releases/.tmp-<token>/`` (CSV, Parquet and the release database),
    name the release from their hash, and run the attachments."""
    releases = paths.releases_dir
    token = uuid.uuid4().hex
    staging = releases / f"{TMP_PREFIX}{token}"
    staging.mkdir()
    created = datetime.now(UTC).replace(microsecond=0)
    with _staging_database(staging / RELEASE_DB_NAME, paths.working_db) as con:
        mart_entries = [_export_mart(con, mart, staging) for mart in targets]
        content_sha256 = _content_sha256(mart_entries)
        release_id = _free_release_id(releases, created, content_sha256)
        _copy_marts(con, targets)
        _write_release_table(con, release_id, created, content_sha256, synthetic)
        chart_entries = _attach(attachments, con, staging)
    return _Staged(
        token=token,
        folder=staging,
        release_id=release_id,
        created_at=created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        content_sha256=content_sha256,
        mart_entries=mart_entries,
        chart_entries=chart_entries,
    )


def _write_and_seal(staged: _Staged, manifest: dict[str, Any], synthetic: bool) -> None:
    """``release.json``, ``manifest.json``, ``LICENCE.txt`` and ``SHA256SUMS`` into the staging
    folder, then seal it (files 0444, folders 0555)."""
    staging = staged.folder
    pointer = _pointer(staged.release_id, staged.created_at, staged.content_sha256, synthetic)
    _write_text(staging / RELEASE_JSON, _to_json(pointer))
    _write_text(staging / MANIFEST_NAME, _to_json(manifest))
    _write_text(staging / "LICENCE.txt", manifest["licence"] + "\n")
    known = {f["path"]: f["sha256"] for m in staged.mart_entries for f in m["files"]}
    write_sha256sums(staging, known | {c["path"]: c["sha256"] for c in staged.chart_entries})
    seal(staging)


def _make_latest(paths: FrontlinePaths, staged: _Staged, synthetic: bool) -> tuple[Path, list[str]]:
    """Steps 1 to 3 of the module docstring: the sealed folder under its release id, verified;
    then, unless synthetic, the links through ``latest`` and the switch. Returns the folder and
    the paths migrated from an earlier layout."""
    releases = paths.releases_dir
    # 1. the release folder appears, whole and sealed, and is checked as it now stands
    folder = releases / staged.release_id
    os.rename(staged.folder, folder)
    fsync_path(releases)
    verify_release(folder)
    migrated: list[str] = []
    if not synthetic:  # a synthetic release is never what users open: latest stays
        # 2. the published paths resolve through latest (once per home)
        migrated += _link_through_latest(paths, staged.token, switched=False)
        # 3. the switch: one rename, and the database, metadata and files move together
        _switch_latest(releases, staged.release_id, staged.token)
        migrated += _link_through_latest(paths, staged.token, switched=True)
        _remember_latest(releases)
    return folder, migrated


def latest_release(paths: FrontlinePaths) -> dict[str, Any] | None:
    """What the release ``latest`` points to says of itself (``latest.json``), or None before the
    first publication."""
    releases = paths.releases_dir
    # through latest itself; a real latest.json is a home from before the links
    for candidate in (releases / LATEST / RELEASE_JSON, releases / LATEST_JSON):
        try:
            return json.loads(candidate.read_text(encoding="utf-8"))
        except FileNotFoundError:
            continue
    return None


def _pointer(release_id: str, created_at: str, content_sha256: str, synthetic: bool) -> dict:
    """``release.json``: what ``releases/latest.json`` says while this release is latest."""
    return {
        "release_id": release_id,
        "created_at": created_at,
        "content_sha256": content_sha256,
        "synthetic": synthetic,
        "folder": release_id,
        "manifest": f"{release_id}/{MANIFEST_NAME}",
    }


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


def _file_entry(root: Path, rel: str, fmt: str) -> dict[str, Any]:
    path = root / rel
    return {"path": rel, "format": fmt, "sha256": sha256_file(path), "bytes": path.stat().st_size}


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
        if entry.get("sha256") != sha256_file(path) or entry.get("bytes") != path.stat().st_size:
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
    staged: _Staged,
    checks: Sequence[CheckOutcome],
    sources: Sequence[SourceFile],
    synthetic: bool,
    synthetic_sources: list[str],
    loads: list[dict[str, Any]] | None,
) -> dict[str, Any]:
    manifest = {
        "release_id": staged.release_id,
        "created_at": staged.created_at,
        "frontline_version": _frontline_version(),
        "synthetic": synthetic,
        "content_sha256": staged.content_sha256,
        "content_sha256_method": CONTENT_HASH_METHOD,
        "csv_dialect": CSV_DIALECT,
        "marts": staged.mart_entries,
        "database": {
            "path": RELEASE_DB_NAME,
            "note": f"the DuckDB file published with this release (listed in {SUMS_NAME}; not "
            "byte-deterministic, so not part of content_sha256)",
        },
        "seal": SEAL,
        "sources": [asdict(s) for s in sources],
        "licence": licence_statement(sources),
        "checks": [asdict(c) for c in checks],
        "synthetic_sources": synthetic_sources,
        "published_as_latest": not synthetic,
        "loads": loads if loads is not None else [],
        "charts": staged.chart_entries,
    }
    if staged.chart_entries:
        manifest["charts_sha256"] = _listing_sha256(staged.chart_entries)
        manifest["charts_sha256_method"] = CHARTS_HASH_METHOD
    return manifest


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


# --- the pointer and the links through it -----------------------------------------------------


def _switch_latest(releases: Path, release_id: str, token: str) -> None:
    """The one step that publishes: ``latest`` names the new release folder."""
    tmp_link = releases / f"{TMP_PREFIX}{LATEST}-{token}"
    os.symlink(release_id, tmp_link)
    os.replace(tmp_link, releases / LATEST)
    fsync_path(releases)


def _link_through_latest(paths: FrontlinePaths, token: str, switched: bool) -> list[str]:
    """Make the published database and ``latest.json`` links that resolve through ``latest``;
    return the paths that held something else before (an earlier layout, migrated).

    Before the switch (``switched`` False) a link replaces what is there only when it would
    resolve to something, so an earlier layout's real file (naming the release ``latest`` names)
    is never swapped for a dangling link; after the switch every link is put in place.
    """
    migrated = []
    releases = paths.releases_dir
    links = {
        paths.published_db: os.path.relpath(
            releases / LATEST / RELEASE_DB_NAME, paths.published_db.parent
        ),
        releases / LATEST_JSON: f"{LATEST}/{RELEASE_JSON}",
    }
    for link, target in links.items():
        if link.is_symlink() and os.readlink(link) == target:
            continue
        existed = os.path.lexists(link)
        if existed and not switched and not (link.parent / target).exists():
            continue
        tmp = link.with_name(f"{TMP_PREFIX}{link.name}-{token}")
        os.symlink(target, tmp)
        os.replace(tmp, link)
        fsync_path(link.parent)
        if existed:
            log.info("%s now links to %s (migrated from the earlier layout)", link, target)
            migrated.append(str(link))
    return migrated


def _latest_id(releases: Path) -> str | None:
    link = releases / LATEST
    return os.readlink(link) if link.is_symlink() else None


def _complete_folders(releases: Path) -> list[str]:
    """Release folders under their release id (not temporary, not links), oldest first.

    A release id starts with its creation time to the second; within one second the folder's
    modification time (its last file written, just before sealing) orders them, since the id's
    suffix is a content hash.
    """
    entries = [
        entry
        for entry in releases.iterdir()
        if entry.is_dir() and not entry.is_symlink() and not entry.name.startswith(TMP_PREFIX)
    ]
    by_age = sorted(entries, key=lambda e: (e.name[:_ID_TIME_LENGTH], e.stat().st_mtime_ns))
    return [entry.name for entry in by_age]


def _remember_latest(releases: Path) -> set[str]:
    """Record the release ``latest`` names in ``.latest-history`` (the releases that have been
    latest, among the folders still there) and return that record.

    A home from before the record starts it with every folder it holds: any of them may have
    been latest, and none may be taken for an orphan.
    """
    history = releases / HISTORY
    folders = set(_complete_folders(releases))
    latest = _latest_id(releases)
    try:
        recorded = set(history.read_text(encoding="utf-8").split())
    except FileNotFoundError:
        recorded = set(folders) if latest else set()
    remembered = (recorded | ({latest} if latest else set())) & folders
    if not history.exists() or remembered != recorded:
        tmp = releases / f"{TMP_PREFIX}{HISTORY.lstrip('.')}-{uuid.uuid4().hex}"
        _write_text(tmp, "".join(f"{name}\n" for name in sorted(remembered)))
        os.replace(tmp, history)
        fsync_path(releases)
    return remembered


def _is_synthetic(folder: Path) -> bool | None:
    """What the release folder says of itself; None when it cannot say."""
    for name in (RELEASE_JSON, MANIFEST_NAME):
        try:
            return bool(json.loads((folder / name).read_text(encoding="utf-8"))["synthetic"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return None


def _remove_orphans(releases: Path) -> list[str]:
    """Remove the complete, non-synthetic release folders ``latest`` never pointed to (a publish
    killed between writing its folder and the switch), once the release ``latest`` names now is
    recorded. Returns their ids."""
    remembered = _remember_latest(releases)
    latest = _latest_id(releases)
    removed = []
    for name in _complete_folders(releases):
        if name in remembered or name == latest:
            continue
        synthetic = _is_synthetic(releases / name)
        if synthetic is None:
            log.warning("release folder %s: no readable release.json or manifest; kept", name)
            continue
        if not synthetic:
            _discard(releases, name, "orphan")
            log.warning(
                "removed release folder %s: complete but never published (latest never pointed "
                "to it; a publish was interrupted before its switch)",
                name,
            )
            removed.append(name)
    return removed


def _discard(releases: Path, name: str, why: str) -> None:
    """Rename a release folder out of the way first, so it is never seen half deleted."""
    doomed = releases / f"{TMP_PREFIX}{why}-{name}"
    os.rename(releases / name, doomed)
    remove_tree(doomed)


def prune_releases(paths: FrontlinePaths, keep: int) -> list[str]:
    """Delete all but the newest ``keep`` release folders; never the one ``latest`` points to.

    Release ids start with their UTC creation time, so name order is age order (to the second;
    see ``_complete_folders``). Returns the ids removed. Call it while holding the publish lock
    (publish_release does).
    """
    if keep < 1:
        raise ValueError(f"keep must be at least 1 (the latest release); got {keep}")
    releases = paths.releases_dir
    latest = _latest_id(releases)
    removed = [name for name in _complete_folders(releases)[:-keep] if name != latest]
    for name in removed:
        _discard(releases, name, "pruned")
    return removed


def _clean_leftovers(paths: FrontlinePaths) -> None:
    """Remove what an interrupted publish left under temporary names (callers hold the lock)."""
    for folder in (paths.releases_dir, paths.published_db.parent):
        for entry in folder.iterdir():
            if entry.name.startswith((TMP_PREFIX, LEGACY_DB_TMP_PREFIX)):
                remove_tree(entry)


@contextlib.contextmanager
def _publish_lock(releases: Path) -> Iterator[None]:
    with (releases / LOCK_NAME).open("a") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)
