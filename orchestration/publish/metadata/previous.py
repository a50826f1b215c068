"""What the previously published release holds, as the metadata attachment compares against it:
its manifest (mart files and their hashes) and its files (Parquet, the DCAT catalogue).

``info.previous`` is the folder ``latest`` named when the publish began (None for a home's first
release). A previous release from before a file existed simply lacks it: every reader here
returns None for what is not there, and never raises on an older layout.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from orchestration.publish.seal import MANIFEST_NAME


@dataclass(frozen=True)
class PreviousRelease:
    folder: Path
    manifest: dict[str, Any]

    @property
    def release_id(self) -> str | None:
        return self.manifest.get("release_id")

    @property
    def created_at(self) -> str | None:
        return self.manifest.get("created_at")

    def mart(self, qualified: str) -> dict[str, Any] | None:
        for mart in self.manifest.get("marts", []):
            if mart.get("table") == qualified:
                return mart
        return None

    def file(self, qualified: str, fmt: str) -> dict[str, Any] | None:
        """The mart's file entry of the format, or None."""
        mart = self.mart(qualified)
        for entry in (mart or {}).get("files", []):
            if entry.get("format") == fmt:
                return entry
        return None

    def json_file(self, rel: str) -> Any | None:
        path = self.folder / rel
        if not path.is_file():
            return None
        return json.loads(path.read_text(encoding="utf-8"))


def previous_release(folder: Path | None) -> PreviousRelease | None:
    """The previous release in ``folder``, or None when there is none (or no manifest)."""
    if folder is None or not (folder / MANIFEST_NAME).is_file():
        return None
    manifest = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    return PreviousRelease(folder=folder, manifest=manifest)
