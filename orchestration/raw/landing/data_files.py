"""A file in the data folder: its checksum, its name in lineage (relative to the data folder), and
the check that it is a regular, readable, non-empty file."""

from __future__ import annotations

import hashlib
from pathlib import Path

from orchestration.raw.landing.shape import LoadError, one_line


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def relative_source_file(path: Path, data_dir: Path) -> str:
    """Path relative to the data folder, posix style, so lineage is the same on every machine.

    A link that leads out of the data folder is refused: lineage and the release's list of
    sources name files in the data folder, and a file elsewhere can change under a release.
    """
    try:
        return path.resolve().relative_to(data_dir.resolve()).as_posix()
    except ValueError:
        raise LoadError(
            f"{as_found(path, data_dir)}: expected a file inside the data folder {data_dir}, "
            f"found a link to {path.resolve()}: copy the file into the data folder instead of "
            "linking to it"
        ) from None


def as_found(path: Path, data_dir: Path) -> str:
    """The path as found in the data folder, links not followed (for messages)."""
    try:
        return path.relative_to(data_dir).as_posix()
    except ValueError:
        return str(path)


def check_is_a_file(path: Path, source_file: str) -> None:
    """A regular, non-empty file: anything else is a LoadError before any byte is parsed."""
    if not path.exists():
        found = f"a link to nothing ({path.readlink()})" if path.is_symlink() else "nothing"
        raise LoadError(f"{source_file}: expected a file, found {found}")
    if not path.is_file():
        raise LoadError(f"{source_file}: expected a file, found a folder or special file")
    if path.stat().st_size == 0:
        raise LoadError(f"{source_file}: the file is empty (0 bytes); expected a published file")
    try:
        path.open("rb").close()
    except OSError as error:
        raise LoadError(f"{source_file}: cannot be read ({one_line(str(error))})") from None
