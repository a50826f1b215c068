"""ONS mid-year population estimates workbook (LAD 2023 boundaries), sheet MYE4.

Rows 1-7 are the title and feedback links; the header is on row 8 (Code, Name, Geography,
Mid-2023 .. Mid-2011) and data follow directly below it.
"""

from __future__ import annotations

from pathlib import Path

from orchestration.raw.cells import cell_text, is_blank_row, is_number
from orchestration.raw.naming import snake_case
from orchestration.raw.parsed import ParsedFile, RejectLog, rows_frame
from orchestration.raw.shape import check_header, shape_error
from orchestration.raw.workbook import read_sheet

HEADER_ROW = 8
HEADERS = ["Code", "Name", "Geography", *(f"Mid-{year}" for year in range(2023, 2010, -1))]
COLUMNS = [snake_case(h) for h in HEADERS]


def parse(path: Path) -> ParsedFile:
    sheet, rows = read_sheet(path, "MYE4")
    if len(rows) < HEADER_ROW:
        raise shape_error(path.name, sheet, f"expected a header on row {HEADER_ROW}")
    check_header(path.name, sheet, HEADERS, [cell_text(c) for c in rows[HEADER_ROW - 1]])

    rejects = RejectLog()
    kept: list[list[object]] = []
    for index in range(HEADER_ROW, len(rows)):
        cells, number = rows[index], index + 1
        if is_blank_row(cells):
            continue
        texts = [cell_text(c) for c in cells]
        for column, cell, text in zip(COLUMNS[3:], cells[3:], texts[3:], strict=True):
            if not is_number(cell):
                rejects.add(number, column, text, "not a number")
        if number not in rejects.rows:
            kept.append([*texts, number])
    return ParsedFile(sheet, rows_frame(kept, [*COLUMNS, "_row_number"]), rejects.frame())
