"""Which row of a release's CSV holds a record, for links to it (RFC 7111 ``#row=N``).

RFC 7111 counts every record of the file from 1 and gives a header line no special treatment, so
the header is row 1 and the first data row is row 2. Rows are counted by reading the CSV exactly
as it was written into the release folder (records, not lines: a quoted cell may hold a line
break), so a link names the row a reader's tool will find whatever order the export chose. Cells
the export made inert against spreadsheet formulas (one more leading single quote, see
``csv_safety.py``) are read back to their true values before they are matched. Arrow's CSV
reader reads only the key columns, as text, in file order (a byte-order mark is skipped): the
210 MB comparison CSV in under a second.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pa_csv

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
    try:
        table = pa_csv.read_csv(
            path,
            parse_options=pa_csv.ParseOptions(newlines_in_values=True),
            convert_options=pa_csv.ConvertOptions(
                include_columns=list(key_columns),
                column_types={column: pa.string() for column in key_columns},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, KeyError) as error:
        raise ValueError(
            f"{path.name}: cannot read key columns {list(key_columns)}: {error}"
        ) from None
    columns = [
        [_true_value(cell) for cell in table.column(name).to_pylist()] for name in key_columns
    ]
    found: dict[tuple[str, ...], int] = {}
    for number, key in enumerate(zip(*columns, strict=True), start=2):
        if (wanted is None or key in wanted) and key not in found:
            found[key] = number
    return found


def _true_value(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and _NEUTRALISED.match(cell) else cell
