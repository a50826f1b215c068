"""Retention and cleanup in a releases folder: the publish lock, leftovers, orphans, pruning.

Publishes are serialised by a lock file, ``releases/.publish.lock``; everything here runs while a
publish holds it. Stale ``.tmp-*`` leftovers of an interrupted publish are removed first.

A publish killed after its sealed folder appeared but before the switch leaves a complete folder
that ``latest`` never pointed at, an orphan, which the next publish removes (and says so in the
log). Which releases have been latest is recorded in ``releases/.latest-history`` (after each
switch, and from ``latest`` itself at the start of each publish, so a kill after the switch loses
nothing); a complete, non-synthetic folder that is neither latest nor in that record is such an
orphan. A home from before the record starts it with every folder it holds, so nothing is removed
that might once have been published.

Pruned and orphan folders are first renamed to a ``.tmp-*`` name, so a kill while deleting never
leaves a half-deleted folder under a release's name.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

from orchestration.paths import FrontlinePaths
from orchestration.publish.files import TMP_PREFIX, write_text
from orchestration.publish.latest import RELEASE_JSON, latest_id
from orchestration.publish.seal import MANIFEST_NAME, RELEASE_DB_NAME, fsync_path, remove_tree

log = logging.getLogger(__name__)

# temporary names of the published database under the earlier layout, cleaned up like ours
LEGACY_DB_TMP_PREFIX = f".{RELEASE_DB_NAME}{TMP_PREFIX}"
HISTORY = ".latest-history"
LOCK_NAME = ".publish.lock"
# a release id starts with its UTC creation time, to the second (see release._free_release_id)
_ID_TIME_LENGTH = len("2026-01-01T00-00-00Z")


@contextlib.contextmanager
def publish_lock(releases: Path) -> Iterator[None]:
    """Hold ``releases/.publish.lock`` exclusively: one publish at a time."""
    with (releases / LOCK_NAME).open("a") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)


def clean_leftovers(paths: FrontlinePaths) -> None:
    """Remove what an interrupted publish left under temporary names (callers hold the lock)."""
    for folder in (paths.releases_dir, paths.published_db.parent):
        for entry in folder.iterdir():
            if entry.name.startswith((TMP_PREFIX, LEGACY_DB_TMP_PREFIX)):
                remove_tree(entry)


def remember_latest(releases: Path) -> set[str]:
    """Record the release ``latest`` names in ``.latest-history`` (the releases that have been
    latest, among the folders still there) and return that record.

    A home from before the record starts it with every folder it holds: any of them may have
    been latest, and none may be taken for an orphan.
    """
    history = releases / HISTORY
    folders = set(complete_folders(releases))
    latest = latest_id(releases)
    try:
        recorded = set(history.read_text(encoding="utf-8").split())
    except FileNotFoundError:
        recorded = set(folders) if latest else set()
    remembered = (recorded | ({latest} if latest else set())) & folders
    if not history.exists() or remembered != recorded:
        tmp = releases / f"{TMP_PREFIX}{HISTORY.lstrip('.')}-{uuid.uuid4().hex}"
        write_text(tmp, "".join(f"{name}\n" for name in sorted(remembered)))
        os.replace(tmp, history)
        fsync_path(releases)
    return remembered


def complete_folders(releases: Path) -> list[str]:
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


def _is_synthetic(folder: Path) -> bool | None:
    """What the release folder says of itself; None when it cannot say."""
    for name in (RELEASE_JSON, MANIFEST_NAME):
        try:
            return bool(json.loads((folder / name).read_text(encoding="utf-8"))["synthetic"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return None


def remove_orphans(releases: Path) -> list[str]:
    """Remove the complete, non-synthetic release folders ``latest`` never pointed to (a publish
    killed between writing its folder and the switch), once the release ``latest`` names now is
    recorded. Returns their ids."""
    remembered = remember_latest(releases)
    latest = latest_id(releases)
    removed = []
    for name in complete_folders(releases):
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
    see ``complete_folders``). Returns the ids removed. Call it while holding the publish lock
    (publish_release does).
    """
    if keep < 1:
        raise ValueError(f"keep must be at least 1 (the latest release); got {keep}")
    releases = paths.releases_dir
    latest = latest_id(releases)
    removed = [name for name in complete_folders(releases)[:-keep] if name != latest]
    for name in removed:
        _discard(releases, name, "pruned")
    return removed
