"""``PROVENANCE.md`` in the release: data/PROVENANCE.md as it stood when the release was made.

It says where every shipped source file came from (publisher, title, period, the snapshot it
copies, licence), so a release carries the account of its own inputs; the manifest's ``sources``
list the files actually loaded, with their sha256, URL and publication date.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from orchestration.publish.attachment import write_file
from orchestration.raw.catalog.provenance import PROVENANCE_NAME


def write_provenance(folder: Path, provenance: Path | None) -> list[dict[str, Any]]:
    """Copy ``provenance`` (byte for byte) to ``folder/PROVENANCE.md``; nothing when None."""
    if provenance is None:
        return []
    return [write_file(folder, PROVENANCE_NAME, provenance.read_bytes(), kind="provenance")]
