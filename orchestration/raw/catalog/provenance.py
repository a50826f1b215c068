"""Where each shipped file was taken from, as data/PROVENANCE.md records it.

PROVENANCE.md has one table row per shipped file: its path under ``data/``, then the snapshot it
is a byte-for-byte copy of, written ``owner/repo : `path` @ `commit` ``. ``snapshot_urls`` reads
those rows into the GitHub address of each snapshot, so the release manifest can say where the
exact bytes of every source file can be fetched. A row whose source names a sheet of a workbook
(``... .xlsx [sheet Sheet1]``) is a file derived from it, not a copy, and gets no address.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

PROVENANCE_NAME = "PROVENANCE.md"
_ROW = re.compile(
    r"^\| `data/(?P<file>[^`]+)` \| (?P<repo>[\w.-]+/[\w.-]+) : `(?P<path>[^`]+)` "
    r"@ `(?P<commit>[0-9a-f]{7,40})` \|"
)


def snapshot_url(repo: str, path: str, commit: str) -> str:
    """The GitHub page of ``path`` in ``repo`` at ``commit`` (with its download link)."""
    return f"https://github.com/{repo}/blob/{commit}/{quote(path)}"


def snapshot_urls(text: str) -> dict[str, str]:
    """PROVENANCE.md's text -> {``data/<file>``: snapshot URL} for every copied file."""
    urls = {}
    for line in text.splitlines():
        match = _ROW.match(line)
        if match and " [" not in match["path"]:
            urls[f"data/{match['file']}"] = snapshot_url(
                match["repo"], match["path"], match["commit"]
            )
    return urls


def read_snapshot_urls(data_dir: Path) -> dict[str, str]:
    """``snapshot_urls`` of the data folder's PROVENANCE.md; empty when it has none."""
    path = data_dir / PROVENANCE_NAME
    return snapshot_urls(path.read_text(encoding="utf-8")) if path.is_file() else {}
