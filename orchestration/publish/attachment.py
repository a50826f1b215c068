"""Attachments: the files a release carries beside its marts (charts, open-standard metadata, the
website), each written by a function of the staging database and folder.

A publish runs its attachments in order, after the marts are exported and the release named and
before the manifest is written and the folder sealed, so a later attachment may read what an
earlier one wrote (the site embeds the charts and shows the change log). Each returns one entry
per file it wrote (at least ``path``, relative to the folder, ``sha256`` and ``bytes``); the
manifest lists them under the attachment's ``name``, ``SHA256SUMS`` covers them, and
``<name>_sha256`` hashes their listing. They never change ``content_sha256`` (the hash of the mart
files alone) or the release id.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from orchestration.publish.contract import MartContract
from orchestration.publish.model import SourceFile


@dataclass(frozen=True)
class ReleaseInfo:
    """What an attachment knows of the release it is written into.

    marts: the manifest's mart entries (``table``, ``row_count``, ``columns``, ``files``).
    previous: the folder of the release that was published (``latest``) when this publish
    began, for comparisons against it; None for the first release of a home.
    contracts: what the dbt project declares of each mart (``contract.py``), keyed by
    ``schema.table``; empty when the publish was given none.
    """

    release_id: str
    created_at: str
    content_sha256: str
    synthetic: bool
    marts: Sequence[dict[str, Any]]
    sources: Sequence[SourceFile]
    previous: Path | None = None
    contracts: Mapping[str, MartContract] = field(default_factory=dict)


Writer = Callable[[duckdb.DuckDBPyConnection, Path, ReleaseInfo], list[dict[str, Any]]]


@dataclass(frozen=True)
class Attachment:
    """``write(con, folder, info)`` writes files into ``folder`` and lists them; the manifest
    lists them under ``name``."""

    name: str
    write: Writer


def file_entry(folder: Path, rel: str, **fields: Any) -> dict[str, Any]:
    """The listing entry of a file an attachment wrote: ``path``, its fields, ``sha256``,
    ``bytes``."""
    data = (folder / rel).read_bytes()
    return {
        "path": rel,
        **fields,
        "sha256": hashlib.sha256(data).hexdigest(),
        "bytes": len(data),
    }


def write_file(folder: Path, rel: str, data: bytes | str, **fields: Any) -> dict[str, Any]:
    """Write ``data`` (text as UTF-8) to ``folder/rel``, creating folders; return its entry."""
    target = folder / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return file_entry(folder, rel, **fields)
