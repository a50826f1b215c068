"""A release folder sealed as one unit, and the check that it still is.

Sealed: every file in the folder, the database included, is listed with its sha256 in
``SHA256SUMS`` (the format ``sha256sum -c SHA256SUMS`` reads, run in the folder); files are 0444 and
folders 0555, so the owner cannot change a release by accident (root ignores mode bits:
``verify_release`` is what catches a change). Removing a sealed folder (pruning, cleaning up after a
killed publish) first gives its folders back their write bit.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
from collections.abc import Mapping
from pathlib import Path

from orchestration.publish.model import ReleaseVerificationError

RELEASE_DB_NAME = "frontline.duckdb"
MANIFEST_NAME = "manifest.json"
SUMS_NAME = "SHA256SUMS"
FILE_MODE = 0o444
DIR_MODE = 0o555
# what a release cannot be without: its database and its manifest
REQUIRED = (RELEASE_DB_NAME, MANIFEST_NAME)
_SUMS_LINE = re.compile(r"^([0-9a-f]{64})  (.+)$")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _files(folder: Path) -> list[str]:
    """Every entry under ``folder`` that is not a folder (files, links, links to folders), as
    sorted relative POSIX paths."""
    found = []
    for root, dirs, names in os.walk(folder):
        links = [d for d in dirs if (Path(root) / d).is_symlink()]
        for name in names + links:
            found.append((Path(root) / name).relative_to(folder).as_posix())
    return sorted(found)


def write_sha256sums(folder: Path, known: Mapping[str, str] | None = None) -> None:
    """List every file of ``folder`` with its sha256; ``known`` hashes (relative path -> sha256,
    taken as the files were written) are not computed again."""
    known = known or {}
    lines = "".join(
        f"{known.get(rel) or sha256_file(folder / rel)}  {rel}\n"
        for rel in _files(folder)
        if rel != SUMS_NAME
    )
    with (folder / SUMS_NAME).open("w", encoding="utf-8", newline="\n") as f:
        f.write(lines)
        f.flush()
        os.fsync(f.fileno())


def seal(folder: Path) -> None:
    """Files 0444, folders 0555 (the deepest first, ``folder`` last), each made durable."""
    for root, _dirs, names in os.walk(folder, topdown=False):
        for name in names:
            path = Path(root) / name
            os.chmod(path, FILE_MODE)
            fsync_path(path)
        os.chmod(root, DIR_MODE)
        fsync_path(Path(root))


def verify_release(folder: Path) -> int:
    """Check that ``folder`` is whole and unchanged: every file listed in ``SHA256SUMS`` (the
    database and manifest among them) and matching its sha256, nothing unlisted. Returns the number
    of files checked; raises ``ReleaseVerificationError`` (one line: the first problem, and how
    many there are) otherwise."""
    sums = folder / SUMS_NAME
    if not sums.is_file():
        raise ReleaseVerificationError(f"release {folder}: {SUMS_NAME} not found")
    listed: dict[str, str] = {}
    problems: list[str] = []
    for number, line in enumerate(sums.read_text(encoding="utf-8").splitlines(), start=1):
        match = _SUMS_LINE.match(line)
        rel = match.group(2) if match else ""
        if not match or Path(rel).is_absolute() or ".." in Path(rel).parts:
            shape = "'<sha256>  <path>'"
            problems.append(f"{SUMS_NAME} line {number}: expected {shape}, found {line!r}")
            continue
        listed[rel] = match.group(1)
    present = set(_files(folder)) - {SUMS_NAME}
    missing = [rel for rel in REQUIRED if rel not in listed]
    problems += [f"{rel}: required, not listed in {SUMS_NAME}" for rel in missing]
    unlisted = sorted(present - set(listed))
    problems += [f"{rel}: present, not listed in {SUMS_NAME}" for rel in unlisted]
    for rel, expected in sorted(listed.items()):
        path = folder / rel
        if rel not in present or not stat.S_ISREG(path.lstat().st_mode):
            problems.append(f"{rel}: listed in {SUMS_NAME}, not a file in the release")
            continue
        found = sha256_file(path)
        if found != expected:
            problems.append(f"{rel}: sha256 expected {expected}, found {found}")
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ReleaseVerificationError(f"release {folder} fails verification: {problems[0]}{more}")
    return len(listed)


def remove_tree(path: Path) -> None:
    """Remove a file, a link, or a folder tree even where it was sealed read-only."""
    if path.is_symlink() or not path.is_dir():
        path.unlink(missing_ok=True)
        return
    for root, _dirs, _names in os.walk(path):
        os.chmod(root, 0o755)  # unlinking a folder's entries needs its write bit
    shutil.rmtree(path)


def fsync_path(path: Path) -> None:
    """Make a file's or folder's entries durable (a folder: the renames in it)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
