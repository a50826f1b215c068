"""One read of a data file, kept for the landing that follows: its plain layout (and checksum).

The street drop folder is read whole before it is landed (each file's rows say which forces it
holds, for the one-file-per-force-month rule). That read also tells landing whether a file is
plain (plain_csv.py) and its record count. Landing takes a file's scan instead of checking it
again when the file still has the size and modification time it had when scanned, else it reads
the file itself; DuckDB reads the rows from the file either way, and a file whose rows do not
match its record count is not landed from them (see bulk_landing.py). The drop folder's scan
leaves the checksum out (`checksum=False`): landing hashes the file in its screening thread,
while DuckDB inserts the month before, rather than in the drop folder's pass, which nothing
overlaps. A file changed between the two reads within one clock tick and to the same size would
be checked on its earlier bytes; the count check then applies to the bytes DuckDB reads.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from orchestration.raw.landing.plain_csv import PlainCsv, read_plain


@dataclass(frozen=True)
class FileScan:
    size: int
    mtime_ns: int
    headers: tuple[str, ...]  # the header the plain check was made against
    records: int | None  # data records when plain with `headers`; None when not plain
    sha256: str | None  # None: not computed (scan_file's checksum=False)

    def still_describes(self, path: Path, headers: Sequence[str]) -> bool:
        """The file is as scanned (same size and modification time), checked for `headers`."""
        try:
            now = path.stat()
        except OSError:
            return False
        same_file = (now.st_size, now.st_mtime_ns) == (self.size, self.mtime_ns)
        return same_file and self.headers == tuple(headers)


def scan_file(
    path: Path, headers: Sequence[str], checksum: bool = True
) -> tuple[FileScan | None, PlainCsv | None]:
    """Read `path` once: its scan (None when it changed while being read) and its plain layout.

    OSError (a file that cannot be read) is the caller's to handle.
    """
    with path.open("rb") as handle:
        before = os.fstat(handle.fileno())
        data = handle.read()
        after = os.fstat(handle.fileno())
    plain = read_plain(data, headers)
    if (before.st_size, before.st_mtime_ns) != (after.st_size, after.st_mtime_ns):
        return None, plain
    scan = FileScan(
        after.st_size,
        after.st_mtime_ns,
        tuple(headers),
        plain.records if plain is not None else None,
        hashlib.sha256(data).hexdigest() if checksum else None,
    )
    return scan, plain
