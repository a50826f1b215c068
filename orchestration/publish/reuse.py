"""Reusing the previous release's files for a mart whose content has not changed.

A release holds every mart as CSV and Parquet, 1.3 GB on the shipped data, and most marts are the
same from one release to the next (a new month of street crime changes a few). Each mart entry in
the manifest carries a ``content_fingerprint``: the writer (a hash of the exporting code and the
DuckDB version, so a change to how files are written never reuses an old file), the row count,
the columns and their types, and the sum of DuckDB's hash of every row (order does not matter:
the files are written in a fixed order of their own). When the latest release's entry has the
same fingerprint, its files are hard-linked into the new release (copied where a link cannot be
made) and each is checked against the sha256 that release recorded; any doubt, and the mart is
exported afresh. The new release stays complete on its own: deleting the old one leaves the
linked files in place.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import duckdb

from orchestration.publish.seal import sha256_file

# the code that decides a file's bytes: a change to any of these re-exports every mart
_WRITERS = ("export.py", "csv_safety.py")


@dataclass(frozen=True)
class PreviousMart:
    """A mart of the latest release: its entry and the folder its files are in."""

    folder: Path
    entry: dict[str, Any]


@cache
def writer_fingerprint() -> str:
    code = hashlib.sha256()
    for name in _WRITERS:
        code.update((Path(__file__).parent / name).read_bytes())
    code.update(duckdb.__version__.encode())
    return code.hexdigest()[:16]


def content_fingerprint(
    con: duckdb.DuckDBPyConnection, relation: str, columns: Sequence[dict[str, Any]], rows: int
) -> str:
    """What the mart's files are made from, as one string (see the module docstring)."""
    (row_hash,) = con.execute(f"select sum(hash(r)) from {relation} as r").fetchone()
    shape = hashlib.sha256(json.dumps(list(columns), sort_keys=True).encode()).hexdigest()[:16]
    return f"{writer_fingerprint()}:{rows}:{shape}:{row_hash or 0}"


def previous_marts(folder: Path | None) -> dict[str, PreviousMart]:
    """The latest release's marts by table name; {} when there is none or it cannot be read."""
    if folder is None:
        return {}
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {
        entry["table"]: PreviousMart(folder, entry)
        for entry in manifest.get("marts", [])
        if entry.get("content_fingerprint")
    }


def reuse_files(previous: PreviousMart, staging: Path) -> list[dict[str, Any]] | None:
    """Link (or copy) the previous mart's files into ``staging``, each checked against its
    recorded sha256; the file entries, or None (with nothing left behind) if any is missing or
    differs."""
    placed: list[Path] = []
    for file in previous.entry["files"]:
        source, target = previous.folder / file["path"], staging / file["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            try:
                os.link(source, target)
            except OSError:  # another file system, or links refused: a copy does the same
                shutil.copyfile(source, target)
            placed.append(target)
            if sha256_file(target) != file["sha256"]:
                raise OSError(f"{source} no longer matches its recorded sha256")
        except OSError:
            for path in placed:
                with contextlib.suppress(OSError):
                    path.unlink()
            return None
    return [dict(file) for file in previous.entry["files"]]
