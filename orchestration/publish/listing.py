"""What a home's releases are, for people at a terminal: ``frontline releases list`` and
``frontline releases show``.

Read from each release folder's own ``manifest.json`` (a sealed folder says what it holds), never
from the working database, so it works while a run holds the warehouse.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from orchestration.paths import FrontlinePaths
from orchestration.publish import latest
from orchestration.publish.seal import MANIFEST_NAME

RELEASE_ID = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z-[0-9a-f]{8}(-\d+)?$")


class UnknownRelease(LookupError):
    """No release folder of that id in the home."""


@dataclass(frozen=True)
class ReleaseSummary:
    release_id: str
    created_at: str
    synthetic: bool
    latest: bool
    tables: int
    rows: int
    checks_passed: int
    checks: int


def list_releases(paths: FrontlinePaths) -> list[ReleaseSummary]:
    """Every release folder of the home, oldest first; ``latest`` marks the published one."""
    releases = paths.releases_dir
    if not releases.is_dir():
        return []
    published = latest.latest_id(releases)
    folders = [f for f in releases.iterdir() if not f.is_symlink() and RELEASE_ID.match(f.name)]
    found = []
    for folder in sorted(folders, key=_written):
        manifest = read_manifest(folder)
        found.append(_summary(folder.name, manifest, folder.name == published))
    return found


def _written(folder: Path) -> tuple[int, str]:
    """When a release was written: ids name the second only, and two releases of one second
    differ in their content hash, which says nothing of order; the manifest's write time does."""
    return ((folder / MANIFEST_NAME).stat().st_mtime_ns, folder.name)


def read_manifest(folder: Path) -> dict[str, Any]:
    return json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))


def release_folder(paths: FrontlinePaths, release_id: str | None) -> Path:
    """The folder of ``release_id``, or of the published release when None."""
    releases = paths.releases_dir
    chosen = release_id or latest.latest_id(releases)
    if chosen is None:
        raise UnknownRelease(f"no release published yet in {releases}")
    folder = releases / chosen
    if not RELEASE_ID.match(chosen) or not (folder / MANIFEST_NAME).is_file():
        raise UnknownRelease(f"no release {chosen!r} in {releases} (frontline releases list)")
    return folder


def describe(paths: FrontlinePaths, release_id: str | None = None) -> list[str]:
    """Lines saying what one release holds: tables and rows, checks, attached files, sources."""
    folder = release_folder(paths, release_id)
    manifest = read_manifest(folder)
    summary = _summary(folder.name, manifest, folder.name == latest.latest_id(paths.releases_dir))
    lines = [
        f"release {summary.release_id}" + ("  (latest)" if summary.latest else ""),
        f"  folder:     {folder}",
        f"  created:    {summary.created_at}",
        f"  synthetic:  {'yes' if summary.synthetic else 'no'}",
        f"  checks:     {summary.checks_passed} of {summary.checks} passed",
        f"  sources:    {len(manifest.get('sources', []))} files",
        f"  tables:     {summary.tables} ({summary.rows:,} rows)",
    ]
    width = max((len(m["table"]) for m in manifest["marts"]), default=0)
    lines += [f"    {m['table']:<{width}}  {m['row_count']:>12,}" for m in manifest["marts"]]
    for name in manifest.get("attachments", []):
        entries = manifest.get(name, [])
        size = sum(e.get("bytes", 0) for e in entries)
        lines.append(f"  {name + ':':<11} {len(entries):,} files, {size / 1e6:,.1f} MB")
    if (folder / "site" / "index.html").is_file():
        lines.append(f"  website:    {folder / 'site' / 'index.html'}")
    return lines


def _summary(release_id: str, manifest: dict[str, Any], is_latest: bool) -> ReleaseSummary:
    checks = manifest.get("checks", [])
    return ReleaseSummary(
        release_id=release_id,
        created_at=manifest.get("created_at", ""),
        synthetic=bool(manifest.get("synthetic")),
        latest=is_latest,
        tables=len(manifest.get("marts", [])),
        rows=sum(m.get("row_count", 0) for m in manifest.get("marts", [])),
        checks_passed=sum(1 for c in checks if c.get("passed")),
        checks=len(checks),
    )
