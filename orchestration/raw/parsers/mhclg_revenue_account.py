"""MHCLG Revenue Account (RA) budget, individual local authority data (xlsx as published).

The sheet 'RA LA Data <year>' ('RA_LA_Data_2021-22' in 2021-22) is wide: one row per authority,
one column per RA line. Rows 1-6 are a title and header bands (row 5 the block name, merged
across its lines; row 6 the RA line number), row 7 names each column. The first columns identify
the authority: E-code, ONS Code (absent in 2016-17), Local authority, an unnamed flag column,
Class. Notes follow the last authority row.

Landed long, one row per authority x published column, every cell as the text it shows
('…' = not returned stays '…', blank stays ''), with the block (carried right across its merged
cells), the line number and the column label as published, so staging can pick lines by number.
"""

from __future__ import annotations

import re
from pathlib import Path

from orchestration.raw.landing.cells import cell_text
from orchestration.raw.landing.parsed import ParsedFile, RejectLog, rows_frame
from orchestration.raw.landing.shape import check_header, shape_error
from orchestration.raw.landing.workbook import open_workbook, sheet_rows

GLOB = "local_gov/mhclg_revenue_account_budget_ra/ra*.xlsx"
_SHEET = re.compile(r"^RA[ _]LA[ _]Data[ _](\d{4}-\d{2})$")
_TITLE_YEAR = re.compile(r"Revenue Account Budget \(RA\):? (\d{4}-\d{2})")
_ECODE = re.compile(r"^E\d{4}$")
TITLE_ROW, BLOCK_ROW, LINE_ROW, HEADER_ROW = 1, 5, 6, 7  # 1-based rows in the sheet
# The identity columns as published (row 7); the unnamed column carries flags such as 'R', 'S'.
IDENTITY_WITH_ONS = ["E-code", "ONS Code", "Local authority", "", "Class"]
IDENTITY_WITHOUT_ONS = ["E-code", "Local authority", "", "Class"]  # 2016-17
COLUMNS = [
    "financial_year",
    "ecode",
    "ons_code",
    "authority_name",
    "authority_flag",
    "authority_class",
    "column_number",
    "block",
    "line_code",
    "column_label",
    "value",
    "_row_number",
]


def _data_sheet(path: Path) -> tuple[str, str, list[list[object]]]:
    workbook = open_workbook(path)
    matches = [(n, m.group(1)) for n in workbook.sheet_names if (m := _SHEET.match(n.strip()))]
    if len(matches) != 1:
        raise shape_error(
            path.name, None, f"expected one sheet 'RA LA Data <year>', found {workbook.sheet_names}"
        )
    name, year = matches[0]
    return name, year, sheet_rows(workbook, path, name)


def _identity_width(path: Path, sheet: str, header: list[str]) -> int:
    width = 5 if header[1:2] == ["ONS Code"] else 4
    expected = IDENTITY_WITH_ONS if width == 5 else IDENTITY_WITHOUT_ONS
    check_header(path.name, f"{sheet}, row {HEADER_ROW}", expected, header[:width])
    return width


def parse(path: Path) -> ParsedFile:
    sheet, year, rows = _data_sheet(path)
    if len(rows) <= HEADER_ROW:
        raise shape_error(path.name, sheet, f"only {len(rows)} rows, no header row {HEADER_ROW}")
    title = cell_text(rows[TITLE_ROW - 1][0])
    found = _TITLE_YEAR.search(title)
    if not found or found.group(1) != year:
        raise shape_error(
            path.name, sheet, f"row {TITLE_ROW} column A: title {title!r} does not name {year}"
        )
    header = [cell_text(c).strip() for c in rows[HEADER_ROW - 1]]
    width = _identity_width(path, sheet, header)
    # Published columns: after Class, up to the last one with a label (2020-21 runs to XFD).
    # 2020-21's budget-basis columns have a label but no line number: line_code ''.
    last = max(j for j, label in enumerate(header) if label)
    columns = []
    block = ""
    for j in range(width, last + 1):
        block = cell_text(rows[BLOCK_ROW - 1][j]).strip() or block
        line = cell_text(rows[LINE_ROW - 1][j]).strip()
        if not header[j]:
            raise shape_error(
                path.name,
                sheet,
                f"row {HEADER_ROW} column {j + 1}: published column without a label",
            )
        columns.append((j, block, line, header[j]))

    kept: list[list[object]] = []
    ended = False
    for index in range(HEADER_ROW, len(rows)):
        cells, number = rows[index], index + 1
        ecode = cell_text(cells[0]).strip()
        if not ecode or ended:
            # Authority rows end at the first blank E-code; notes follow.
            ended = True
            if _ECODE.match(ecode):
                raise shape_error(
                    path.name, sheet, f"row {number} column A: authority {ecode!r} after the notes"
                )
            continue
        if not _ECODE.match(ecode):
            raise shape_error(
                path.name, sheet, f"row {number} column A: {ecode!r} is not an E-code (E9999)"
            )
        ons = cell_text(cells[1]).strip() if width == 5 else ""
        name, flag, klass = (cell_text(cells[k]).strip() for k in range(width - 3, width))
        for j, block_name, line, label in columns:
            value = cell_text(cells[j]) if j < len(cells) else ""
            kept.append(
                [year, ecode, ons, name, flag, klass, j + 1, block_name, line, label, value, number]
            )
    if not kept:
        raise shape_error(path.name, sheet, f"no authority rows after header row {HEADER_ROW}")
    frame = rows_frame(kept, COLUMNS)
    frame["column_number"] = frame["column_number"].astype("int64")
    return ParsedFile(sheet, frame, RejectLog().frame(), {"column_number": "INTEGER"})
