"""Home Office police workforce open data table (.ods as published), sheet 'Data'.

One row per force x year x sex x rank x worker type. Read with python-calamine: pandas' odfpy
reader takes minutes on this file, calamine well under a second.
"""

from __future__ import annotations

from pathlib import Path

from orchestration.raw.landing.cells import cell_text, is_blank_row, is_number
from orchestration.raw.landing.naming import snake_case
from orchestration.raw.landing.parsed import ParsedFile, RejectLog, rows_frame
from orchestration.raw.landing.shape import check_header, shape_error
from orchestration.raw.landing.workbook import read_sheet

HEADERS = [
    "As at 31 March...",
    "Geo code",
    "Force Name",
    "Region",
    "Sex",
    "Rank description",
    "Worker type",
    "Total (headcount)",
    "Total (FTE)",
]
COLUMNS = [snake_case(h) for h in HEADERS]
# 'N/A' is published in Total (FTE) where FTE does not apply (special constables).
SYMBOLS = {"N/A"}
NUMERIC = {"as_at_31_march", "total_headcount", "total_fte"}


def parse(path: Path) -> ParsedFile:
    sheet, rows = read_sheet(path, "Data")
    if not rows:
        raise shape_error(path.name, sheet, "sheet is empty")
    check_header(path.name, sheet, HEADERS, [cell_text(c) for c in rows[0]])

    rejects = RejectLog()
    kept: list[list[object]] = []
    for index in range(1, len(rows)):
        cells, number = rows[index], index + 1
        if is_blank_row(cells):
            continue
        texts = [cell_text(c) for c in cells]
        for column, cell, text in zip(COLUMNS, cells, texts, strict=True):
            if column in NUMERIC and not (is_number(cell) or text in SYMBOLS):
                rejects.add(number, column, text, "neither a number nor 'N/A'")
        if number not in rejects.rows:
            kept.append([*texts, number])
    return ParsedFile(sheet, rows_frame(kept, [*COLUMNS, "_row_number"]), rejects.frame())
