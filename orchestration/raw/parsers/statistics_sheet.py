"""A Ministry of Justice statistics table sheet (ODS or xlsx) read as published.

MoJ / HMPPS tables put a title and notes above the header ("Table C1: ...", "This worksheet
contains one table", "[note 1] ..."), glue note markers to header labels ("Performance rating
[note 2]", older editions "Number of reoffenders3"), print symbols where a number cannot be given
(`[x]`, `[c]`, `[z]`, `..`, `*`, `-`), and may leave blank rows between blocks or notes under the
table. `parse_statistics_sheet` finds the header row by its first label, checks the whole header,
and keeps every data row as text with its 1-based sheet row number.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from orchestration.raw.landing.cells import cell_text, is_blank_row, is_number
from orchestration.raw.landing.naming import snake_case
from orchestration.raw.landing.parsed import ParsedFile, RejectLog, rows_frame
from orchestration.raw.landing.shape import check_header, normalise_label, shape_error
from orchestration.raw.landing.workbook import read_sheet

# symbols printed in place of a number (GSS [x] [c] [z] [low] [u], ONS '..', MoJ '*' for a
# suppressed small count, '-' for nil or not applicable)
PUBLISHED_SYMBOLS = frozenset({"[x]", "[c]", "[z]", "[low]", "[u]", "x", "c", "z", "..", "*", "-"})
_NOTE_MARKER = re.compile(r"\s*\[(?:note|Note)\s*\d+\]")


def header_label(value: object) -> str:
    """A header cell without '[note N]' markers (glued digits are stripped by check_header)."""
    return normalise_label(_NOTE_MARKER.sub("", cell_text(value)))


def _header_row(rows: list[list[object]], first_label: str, max_rows: int = 30) -> int | None:
    for index, cells in enumerate(rows[:max_rows]):
        if cells and normalise_label(header_label(cells[0]), strip_footnotes=True) == first_label:
            return index
    return None


def parse_statistics_sheet(
    path: Path,
    sheet_name: str,
    headers: Sequence[str],
    *,
    label_columns: int,
    context: Mapping[str, str] | None = None,
) -> ParsedFile:
    """Rows under the header whose labels equal `headers` (note markers ignored).

    The first `label_columns` columns are labels and must not be empty; every other cell must be
    a number or a published symbol, else the row goes to rejects with the cell as printed. A row
    with text in its first cell only (a note under the table) is not data and is skipped, as are
    blank rows. `context` adds constant columns (e.g. the financial year from the file name).
    """
    columns = [snake_case(h) for h in headers]
    context = dict(context or {})
    sheet, rows = read_sheet(path, sheet_name)
    header_index = _header_row(rows, headers[0])
    if header_index is None:
        raise shape_error(path.name, sheet, f"no header row starting {headers[0]!r}")
    found = [header_label(c) for c in rows[header_index]]
    while found and found[-1] == "":
        found.pop()  # trailing empty cells of a wider sheet
    check_header(path.name, sheet, headers, found, strip_footnotes=True)

    rejects = RejectLog()
    kept: list[list[object]] = []
    for index in range(header_index + 1, len(rows)):
        cells = [*rows[index], *[""] * len(headers)][: len(headers)]
        number = index + 1
        if is_blank_row(cells):
            continue
        texts = [cell_text(c).strip() for c in cells]
        if all(t == "" for t in texts[1:]):
            continue  # a note or source line under the table
        for column, text in zip(columns[:label_columns], texts[:label_columns], strict=True):
            if text == "":
                rejects.add(number, column, text, f"{column} is empty")
        measures = zip(
            columns[label_columns:], cells[label_columns:], texts[label_columns:], strict=True
        )
        for column, cell, text in measures:
            if not (is_number(cell) or text in PUBLISHED_SYMBOLS):
                rejects.add(number, column, text, "not a number or a published symbol")
        if number not in rejects.rows:
            kept.append([*texts, *context.values(), number])
    frame = rows_frame(kept, [*columns, *context, "_row_number"])
    return ParsedFile(sheet, frame, rejects.frame())


def financial_year_from_name(path: Path, pattern: re.Pattern[str]) -> str:
    """'2023-24' from a file name whose `pattern` captures start (4 digits) and end (2 digits)."""
    match = pattern.match(path.name)
    start = int(match["start"]) if match else 0
    if match is None or int(match["end"]) != (start + 1) % 100:
        raise shape_error(
            path.name, None, f"file name does not give the financial year ({pattern.pattern})"
        )
    return f"{start}-{match['end']}"
