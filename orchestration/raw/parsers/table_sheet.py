"""A published sheet that is one plain table: a header row, text columns, then numbers.

ONS mid-year estimate sheets (header on row 8) and the IoD 2019 File 10 summaries (header on
row 1) share this shape; each publisher module declares its headers and calls `parse_table`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from orchestration.raw.landing.cells import cell_text, is_blank_row, is_number
from orchestration.raw.landing.naming import snake_case
from orchestration.raw.landing.parsed import ParsedFile, RejectLog, rows_frame
from orchestration.raw.landing.shape import check_header, shape_error
from orchestration.raw.landing.workbook import read_sheet


def parse_table(
    path: Path,
    sheet_name: str,
    headers: Sequence[str],
    *,
    header_row: int,
    text_columns: int,
) -> ParsedFile:
    """Rows under `header_row` (1-based), whose header must equal `headers`. The first
    `text_columns` columns are labels (the first one, the area code, must not be empty); every
    other cell must be a number, or the row goes to rejects with the cell as printed.

    Columns are the headers in snake_case ('Mid-2023' -> mid_2023, '90+' -> 90).
    """
    columns = [snake_case(h) for h in headers]
    if len(set(columns)) != len(columns):
        raise ValueError(f"headers give duplicate column names: {columns}")
    sheet, rows = read_sheet(path, sheet_name)
    if len(rows) < header_row:
        raise shape_error(path.name, sheet, f"expected a header on row {header_row}")
    check_header(path.name, sheet, headers, [cell_text(c) for c in rows[header_row - 1]])

    rejects = RejectLog()
    kept: list[list[object]] = []
    for index in range(header_row, len(rows)):
        cells, number = rows[index], index + 1
        if is_blank_row(cells):
            continue
        texts = [cell_text(c) for c in cells[: len(headers)]]
        if not texts[0].strip():
            rejects.add(number, columns[0], texts[0], "no area code")
        measures = zip(
            columns[text_columns:], cells[text_columns:], texts[text_columns:], strict=True
        )
        for column, cell, text in measures:
            if not is_number(cell):
                rejects.add(number, column, text, "not a number")
        if number not in rejects.rows:
            kept.append([*texts, number])
    return ParsedFile(sheet, rows_frame(kept, [*columns, "_row_number"]), rejects.frame())
