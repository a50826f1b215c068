"""Writing in a releases folder: the prefix of every temporary name, and durable text files.

What a publish makes visible (the release folder, the links, the history record) is written under
a name starting with ``TMP_PREFIX`` first and takes its real name by an atomic rename; whatever
still carries the prefix when a publish starts was left by an interrupted one and is removed (see
``retention.py``).
"""

from __future__ import annotations

import os
from pathlib import Path

TMP_PREFIX = ".tmp-"


def write_text(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 with ``\\n`` line ends, and fsync it before returning."""
    with path.open("w", encoding="utf-8", newline="\n") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
