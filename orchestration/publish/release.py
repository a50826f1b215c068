"""Publication: write an immutable release folder, seal and verify it, then switch `latest`.

Write-audit-publish, the last step. A release is one unit: one folder,
``releases/<release_id>/``, holding the marts (CSV and Parquet), the database analysts open
(``frontline.duckdb``), ``manifest.json``, ``release.json`` (what ``latest.json`` says),
``LICENCE.txt`` and ``SHA256SUMS``, which lists every one of those files, the database included.
The folder is sealed (files 0444, folders 0555; see ``seal.py``) and verified against its
``SHA256SUMS`` before it can become latest.

This module holds the steps of a publish, in the order they run, and the manifest. The parts they
call each have a module of their own:

- ``export.py``: the marts into CSV and Parquet files and the release database, and the hashes;
- ``latest.py``: the ``latest`` pointer, the links through it and the switch;
- ``retention.py``: the publish lock, cleaning up after an interrupted publish, orphans, pruning;
- ``seal.py``: ``SHA256SUMS``, the seal and its verification;
- ``files.py``: the temporary-name prefix and durable text writes they share.

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
never pointed at: the next publish removes it (and says so in the log); stale ``.tmp-*``
leftovers are removed too, and publishes are serialised by a lock file (see ``retention.py``).

A synthetic release (``synthetic=True``, or any source file marked synthetic: generated, not
published) is labelled so in its manifest (``synthetic``, ``synthetic_sources``) and database
(``release.synthetic``) and stops after step 1: it gets its own release folder, but ``latest`` (and
with it the published database) stays on the last real release, so what users open is never
synthetic.

Attachments (``attachment.py``): the files a release carries beside its marts, in order: the
charts, the open-standard metadata, the website. Each is called with the staging database (which
then holds the marts), the staging folder and what is known of the release (its id, the mart
entries, the sources, the previously published folder), before the manifest is written and the
folder sealed. The files each writes are listed in the manifest under its name, covered by
``SHA256SUMS`` and hashed, the same way, into ``<name>_sha256``; they never change
``content_sha256`` (which remains the hash of the mart files alone, see ``export.py``) or the
release id. An attachment may add files beside the marts (a CSVW description next to its CSV) but
never replace a mart file, the release's own files or another attachment's.
"""

from __future__ import annotations

import json
import math
import os
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from orchestration.paths import FrontlinePaths

# the parts a step calls are reached through their modules, so a test patches a step where it
# is defined and the publish calls what it patched
from orchestration.publish import export, latest, retention, reuse
from orchestration.publish.attachment import Attachment, ReleaseInfo
from orchestration.publish.contract import MartContract
from orchestration.publish.files import TMP_PREFIX, write_text
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
    seal,
    sha256_file,
    verify_release,
    write_sha256sums,
)

ATTACHMENT_HASH_METHOD = (
    "sha256 over the lines '<sha256>  <path>\\n' of every file listed under {name}, sorted by path"
)
# the release's own files, which no attachment may write
RESERVED_NAMES = (RELEASE_DB_NAME, MANIFEST_NAME, latest.RELEASE_JSON, SUMS_NAME, "LICENCE.txt")
SEAL = {
    "checksums": f"{SUMS_NAME} lists every file of the release, {RELEASE_DB_NAME} included "
    f"(check with: sha256sum -c {SUMS_NAME}, in the release folder)",
    "file_mode": "0444",
    "folder_mode": "0555",
}


def publish_release(
    paths: FrontlinePaths,
    marts: list[str],
    checks: list[CheckOutcome],
    sources: list[SourceFile],
    synthetic: bool = False,
    attachments: Sequence[Attachment] = (),
    keep_releases: int | None = None,
    loads: list[dict[str, Any]] | None = None,
    contracts: Mapping[str, MartContract] | None = None,
) -> Release:
    """Publish ``marts`` from the working database as a new release, if every blocking check passed.

    ``attachments`` (for example ``charts.CHARTS``) run in order once the staging database holds
    the marts; each writes files into the staging folder and returns one entry per file (at least
    ``path``, relative to the folder, ``sha256`` and ``bytes``), listed in the manifest under its
    name (see ``attachment.py``). ``keep_releases`` prunes older release folders once
    the new one is latest (see ``retention.prune_releases``); None keeps every release. ``loads``
    (per source: files, rows landed and rejected, the reject threshold, top reject reasons,
    quarantined files; ``load_report``'s ``as_dict()``) goes into the manifest under ``loads``.
    ``contracts`` (``contract.mart_contracts`` of the dbt manifest) document the marts in the
    release database and reach the attachments.

    ``synthetic`` marks the release as built from synthetic data; it is also synthetic when any
    of ``sources`` is. A synthetic release is written to its own folder only (see the module
    docstring): the published database and ``latest`` are left as they were.

    Raises ``PublicationBlocked`` (naming the failed checks) before touching anything when a
    blocking check failed, ``PublicationError`` when the request cannot be published, and
    ``ReleaseVerificationError`` when the sealed folder does not match its checksums (``latest``
    is then left where it was).
    """
    _check_gate(checks)
    targets = export.parse_marts(marts)
    synthetic_sources = sorted(s.path for s in sources if s.synthetic)
    synthetic = synthetic or bool(synthetic_sources)
    if not paths.working_db.exists():
        raise PublicationError(f"working database not found: {paths.working_db}")

    releases = paths.releases_dir
    releases.mkdir(parents=True, exist_ok=True)
    paths.published_db.parent.mkdir(parents=True, exist_ok=True)

    with retention.publish_lock(releases):
        retention.clean_leftovers(paths)
        orphans = retention.remove_orphans(releases)
        staged = _stage(paths, targets, synthetic, sources, attachments, contracts or {})
        manifest = _manifest(staged, checks, sources, synthetic, synthetic_sources, loads)
        _write_and_seal(staged, manifest, synthetic)
        folder, migrated = _make_latest(paths, staged, synthetic)
        pruned = retention.prune_releases(paths, keep_releases) if keep_releases is not None else []

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


@dataclass(frozen=True)
class _Staged:
    """A release written under its temporary name, before its metadata and seal."""

    token: str
    folder: Path
    release_id: str
    created_at: str
    content_sha256: str
    mart_entries: list[dict[str, Any]]
    # per attachment, in the order they ran: its name and the files it wrote
    attached: dict[str, list[dict[str, Any]]]
    # per mart, what the release database declares of it (export.copy_marts)
    database_tables: list[dict[str, Any]]


def _check_gate(checks: Sequence[CheckOutcome]) -> None:
    """Raise ``PublicationBlocked`` naming every blocking check that failed."""
    failed = [c for c in checks if c.blocking and not c.passed]
    if failed:
        raise PublicationBlocked(blocked_message(failed))


def blocked_message(failed: Sequence[CheckOutcome], missing: Sequence[str] = ()) -> str:
    """One line: the blocking checks that failed, by name, then how many did not run."""
    parts = []
    if failed:
        names = ", ".join(
            f"{c.name} ({c.asset}, {c.failing_row_count} failing rows)" for c in failed
        )
        parts.append(f"{len(failed)} blocking check(s) failed: {names}")
    if missing:
        shown = ", ".join(missing[:5]) + (", ..." if len(missing) > 5 else "")
        parts.append(
            f"{len(missing)} blocking check(s) did not run in this run ({shown}); run the whole job"
        )
    return "publication blocked: " + "; ".join(parts)


def _stage(
    paths: FrontlinePaths,
    targets: Sequence[export.Mart],
    synthetic: bool,
    sources: Sequence[SourceFile],
    attachments: Sequence[Attachment],
    contracts: Mapping[str, MartContract],
) -> _Staged:
    """Export the marts into ``releases/.tmp-<token>/`` (CSV, Parquet and the release database),
    name the release from their hash, and run the attachments."""
    releases = paths.releases_dir
    token = uuid.uuid4().hex
    staging = releases / f"{TMP_PREFIX}{token}"
    staging.mkdir()
    created = datetime.now(UTC).replace(microsecond=0)
    previous = reuse.previous_marts(latest.published_folder(releases))
    with export.staging_database(staging / RELEASE_DB_NAME, paths.working_db) as con:
        mart_entries = [
            export.export_mart(con, mart, staging, previous.get(mart.qualified)) for mart in targets
        ]
        content_sha256 = export.content_sha256(mart_entries)
        release_id = _free_release_id(releases, created, content_sha256)
        database_tables = export.copy_marts(con, targets, contracts)
        export.write_release_table(con, release_id, created, content_sha256, synthetic)
        info = ReleaseInfo(
            release_id=release_id,
            created_at=created.strftime("%Y-%m-%dT%H:%M:%SZ"),
            content_sha256=content_sha256,
            synthetic=synthetic,
            marts=mart_entries,
            sources=list(sources),
            previous=latest.published_folder(releases),
            contracts=contracts,
        )
        attached = _attach(attachments, con, staging, info, mart_entries)
    return _Staged(
        token=token,
        folder=staging,
        release_id=release_id,
        created_at=info.created_at,
        content_sha256=content_sha256,
        mart_entries=mart_entries,
        attached=attached,
        database_tables=database_tables,
    )


def _write_and_seal(staged: _Staged, manifest: dict[str, Any], synthetic: bool) -> None:
    """``release.json``, ``manifest.json``, ``LICENCE.txt`` and ``SHA256SUMS`` into the staging
    folder, then seal it (files 0444, folders 0555)."""
    staging = staged.folder
    pointer = latest.pointer(staged.release_id, staged.created_at, staged.content_sha256, synthetic)
    write_text(staging / latest.RELEASE_JSON, _to_json(pointer))
    write_text(staging / MANIFEST_NAME, _to_json(manifest))
    write_text(staging / "LICENCE.txt", manifest["licence"] + "\n")
    known = {f["path"]: f["sha256"] for m in staged.mart_entries for f in m["files"]}
    for entries in staged.attached.values():
        known |= {e["path"]: e["sha256"] for e in entries}
    write_sha256sums(staging, known)
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
        migrated += latest.link_through_latest(paths, staged.token, switched=False)
        # 3. the switch: one rename, and the database, metadata and files move together
        latest.switch_latest(releases, staged.release_id, staged.token)
        migrated += latest.link_through_latest(paths, staged.token, switched=True)
        retention.remember_latest(releases)
    return folder, migrated


def _attach(
    attachments: Sequence[Attachment],
    con: duckdb.DuckDBPyConnection,
    staging: Path,
    info: ReleaseInfo,
    mart_entries: Sequence[dict[str, Any]],
) -> dict[str, list[dict[str, Any]]]:
    """Run the attachments in order; check that every entry names a file its attachment wrote,
    with its hash, and that none takes a mart file's, the release's or an earlier entry's path."""
    taken = {f["path"] for m in mart_entries for f in m["files"]} | set(RESERVED_NAMES)
    attached: dict[str, list[dict[str, Any]]] = {}
    for attachment in attachments:
        if attachment.name in attached or attachment.name in _MANIFEST_KEYS:
            raise PublicationError(f"attachment name {attachment.name!r} is taken")
        entries = attachment.write(con, staging, info)
        for entry in entries:
            _check_entry(attachment.name, entry, staging, taken)
            taken.add(entry["path"])
        attached[attachment.name] = sorted(entries, key=lambda e: e["path"])
    return attached


def _check_entry(name: str, entry: dict[str, Any], staging: Path, taken: set[str]) -> None:
    rel = entry.get("path")
    if not isinstance(rel, str) or not rel or rel in taken:
        raise PublicationError(f"{name}: entry without a path of its own: {entry!r}")
    path = staging / rel
    if Path(rel).is_absolute() or ".." in Path(rel).parts or not path.is_file():
        raise PublicationError(f"{name}: {rel!r} is not a file the attachment wrote")
    if entry.get("sha256") != sha256_file(path) or entry.get("bytes") != path.stat().st_size:
        raise PublicationError(f"{name}: {rel!r}: sha256 or bytes do not match the file")


def _free_release_id(releases: Path, created: datetime, content_sha256: str) -> str:
    base = f"{created.strftime('%Y-%m-%dT%H-%M-%SZ')}-{content_sha256[:8]}"
    candidate, n = base, 1
    while os.path.lexists(releases / candidate):
        n += 1
        candidate = f"{base}-{n}"
    return candidate


# keys of the manifest an attachment's name would overwrite
_MANIFEST_KEYS = frozenset(
    "release_id created_at frontline_version synthetic content_sha256 content_sha256_method "
    "csv_dialect marts database seal sources licence checks synthetic_sources "
    "published_as_latest loads attachments".split()
)


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
        "frontline_version": export.frontline_version(),
        "synthetic": synthetic,
        "content_sha256": staged.content_sha256,
        "content_sha256_method": export.CONTENT_HASH_METHOD,
        "csv_dialect": export.CSV_DIALECT,
        "marts": staged.mart_entries,
        "database": {
            "path": RELEASE_DB_NAME,
            "note": f"the DuckDB file published with this release (listed in {SUMS_NAME}; not "
            "byte-deterministic, so not part of content_sha256)",
            **export.database_manifest(staged.database_tables),
        },
        "seal": SEAL,
        "sources": [asdict(s) for s in sources],
        "licence": licence_statement(sources),
        "checks": [asdict(c) for c in checks],
        "synthetic_sources": synthetic_sources,
        "published_as_latest": not synthetic,
        "loads": loads if loads is not None else [],
        "attachments": list(staged.attached),
    }
    for name, entries in staged.attached.items():
        manifest[name] = entries
        if not entries:
            continue
        manifest[f"{name}_sha256"] = export.listing_sha256(entries)
        manifest[f"{name}_sha256_method"] = ATTACHMENT_HASH_METHOD.format(name=name)
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
