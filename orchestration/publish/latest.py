"""The ``latest`` pointer: which release is published, the links through it, and the switch.

``releases/latest`` is a relative symlink to a release folder. The published database
(``published/frontline.duckdb``) and ``releases/latest.json`` are links that resolve through it,
so renaming a new ``latest`` link over the old one switches all of them at once (the steps are in
``release.py``'s docstring).

Readers that hold the published database open keep reading the release they opened: the switch
changes which file the path resolves to, not the file, and the file lives on in its release folder
(an open file even outlives pruning). DuckDB caches one database instance per path *per process*,
so a process that still holds any connection to the path gets the old instance again when it opens
the same path; it sees the new release once all its connections to the path are closed.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

from orchestration.paths import FrontlinePaths
from orchestration.publish.files import TMP_PREFIX
from orchestration.publish.seal import MANIFEST_NAME, RELEASE_DB_NAME, fsync_path

log = logging.getLogger(__name__)

LATEST = "latest"
LATEST_JSON = "latest.json"
RELEASE_JSON = "release.json"


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


def pointer(release_id: str, created_at: str, content_sha256: str, synthetic: bool) -> dict:
    """``release.json``: what ``releases/latest.json`` says while this release is latest."""
    return {
        "release_id": release_id,
        "created_at": created_at,
        "content_sha256": content_sha256,
        "synthetic": synthetic,
        "folder": release_id,
        "manifest": f"{release_id}/{MANIFEST_NAME}",
    }


def switch_latest(releases: Path, release_id: str, token: str) -> None:
    """The one step that publishes: ``latest`` names the new release folder."""
    tmp_link = releases / f"{TMP_PREFIX}{LATEST}-{token}"
    os.symlink(release_id, tmp_link)
    os.replace(tmp_link, releases / LATEST)
    fsync_path(releases)


def link_through_latest(paths: FrontlinePaths, token: str, switched: bool) -> list[str]:
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


def latest_id(releases: Path) -> str | None:
    link = releases / LATEST
    return os.readlink(link) if link.is_symlink() else None


def published_folder(releases: Path) -> Path | None:
    """The folder of the release ``latest`` names now, or None before the first publication."""
    release_id = latest_id(releases)
    folder = releases / release_id if release_id else None
    return folder if folder is not None and folder.is_dir() else None
