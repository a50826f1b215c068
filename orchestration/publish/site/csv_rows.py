"""Which row of a release's CSV holds a record, for links to it (RFC 7111 ``#row=N``).

RFC 7111 counts every record of the file from 1 and gives a header line no special treatment, so
the header is row 1 and the first data row is row 2. Rows are counted by reading the CSV exactly
as it was written into the release folder (records, not lines: a quoted cell may hold a line
break), so a link names the row a reader's tool will find whatever order the export chose. Cells
the export made inert against spreadsheet formulas (one more leading single quote, see
``csv_safety.py``) are read back to their true values before they are matched.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

# the export's formula pattern: one single quote more than the true value had
_NEUTRALISED = re.compile(r"^'+[=+\-@\t\r]")


def mart_csv_path(marts: Sequence[Mapping[str, Any]], table: str) -> str | None:
    """The release-relative path of a mart's CSV file (``table`` is ``schema.table``), from the
    manifest's mart entries; None when the release has no such CSV."""
    for mart in marts:
        if mart.get("table") != table:
            continue
        for file in mart.get("files", []):
            if file.get("format") == "csv":
                return file["path"]
    return None


def csv_key(values: Sequence[Any]) -> tuple[str, ...]:
    """A record's key as its cells read in the CSV (NULL as an empty cell)."""
    return tuple(
        "" if v is None else v.isoformat() if hasattr(v, "isoformat") else str(v) for v in values
    )


def row_numbers(
    path: Path,
    key_columns: Sequence[str],
    wanted: Collection[tuple[str, ...]] | None = None,
) -> dict[tuple[str, ...], int]:
    """RFC 7111 row number of each record of the CSV at ``path``, by its key columns' cells
    (only the ``wanted`` keys when given). A duplicated key keeps its first row."""
    csv.field_size_limit(1 << 30)
    found: dict[tuple[str, ...], int] = {}
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        try:
            positions = [header.index(column) for column in key_columns]
        except ValueError as error:
            raise ValueError(f"{path.name}: header has no key column ({error})") from None
        for number, record in enumerate(reader, start=2):
            key = tuple(_true_value(record[i]) for i in positions)
            if (wanted is None or key in wanted) and key not in found:
                found[key] = number
    return found


def _true_value(cell: str) -> str:
    return cell[1:] if _NEUTRALISED.match(cell) else cell
