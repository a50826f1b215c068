"""MHCLG Revenue Outturn Summary (RS), individual local authority data, landed long.

Sheet RS_LA_Data_<year> is one row per authority (E-code, ONS code, name, class) and one column
per published line of the RS form (net current expenditure by service, financing, reserves...),
in GBP thousand. Above the column headings sit helper rows that name each column: the block
(merged across its columns, so named only in its first cell), the RO line number ('190',
'815a'), the form column (1 = in-year figure, 2/3 = reserves at 1 April/31 March...), and from
2021-22 the column code (C1R190) and variable name (RS-edu-net-exp). Their positions move
between editions, so each edition's layout is declared below; an edition not declared is read
with the latest layout and its cells checked. Rows end at the ENGLAND total; the class
breakdown and notes under it are not landed. That is also how the Greater London Authority,
listed twice from 2021-22 (again under ENGLAND as its own class, off by rounding), lands once.
A row with no E-code, ONS code or name above ENGLAND is the publisher's count of reporting
authorities (2018-19 to 2020-21), skipped; any other row without an E-code is rejected.

Landed long: one row per authority x published column, every cell as the text it shows
('...', '…', '[x]' and '[note 7]' kept as printed; staging turns them into GSS symbols).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from orchestration.raw.landing.cells import cell_text, is_blank_row
from orchestration.raw.landing.parsed import ParsedFile, RejectLog, rows_frame
from orchestration.raw.landing.shape import normalise_label, shape_error
from orchestration.raw.landing.workbook import open_workbook, sheet_rows

SHEET_PREFIX = "RS_LA_Data_"
GLOB = "local_gov/mhclg_revenue_outturn_rs/rs*.xls*"
_FILE_YEAR = re.compile(r"^rs(\d{4})_(\d{2})\.xlsx?$")
_SHEET_YEAR = re.compile(r"^RS_LA_Data_(\d{4}-\d{2})$")
_E_CODE = re.compile(r"^E\d{4}$")

# published identity heading -> landed column ('' is an unlabelled notes column, e.g. '(e)')
IDENTITY_COLUMNS = {
    "E-code": "e_code",
    "ONS Code": "ons_code",
    "Local authority": "local_authority",
    "": "notes",
    "Notes": "notes",
    "Class": "class",
    "Detailed Class": "detailed_class",
    "Certification": "certification",
}
LINE_COLUMNS = [
    "column",  # sheet column letter, e.g. 'F'
    "block",
    "ro_line",
    "form_column",
    "column_code",
    "variable_code",
    "line_name",
]
COLUMNS = [
    "financial_year",
    "e_code",
    "ons_code",
    "local_authority",
    "notes",
    "class",
    "detailed_class",
    "certification",
    *LINE_COLUMNS,
    "value",
    "_row_number",
]
FIRST_BLOCK = "Service Expenditure"
FIRST_LINE = "Education services"


@dataclass(frozen=True)
class Layout:
    """Where one edition puts things: 1-based rows; None = the edition has no such row."""

    header_row: int  # 'E-code', 'ONS Code', ... then the line names
    identity: tuple[str, ...]  # the authority columns' headings, from column A
    block_row: int
    form_column_row: int
    line_row: int | None
    code_row: int | None
    variable_row: int | None


_UP_TO_2019_20 = Layout(
    header_row=7,
    identity=("E-code", "ONS Code", "Local authority", "", "Class"),
    block_row=5,
    form_column_row=4,
    line_row=6,
    code_row=None,
    variable_row=None,
)
_FROM_2022_23 = Layout(
    header_row=13,
    identity=(
        "E-code",
        "ONS Code",
        "Local authority",
        "Notes",
        "Class",
        "Detailed Class",
        "Certification",
    ),
    block_row=11,
    form_column_row=10,
    line_row=12,
    code_row=8,
    variable_row=7,
)
LAYOUTS: dict[str, Layout] = {
    "2018-19": _UP_TO_2019_20,
    "2019-20": _UP_TO_2019_20,
    "2020-21": Layout(
        header_row=7,
        identity=("E-code", "ONS Code", "Local authority", "", "", "Class"),
        block_row=5,
        form_column_row=4,
        line_row=6,
        code_row=None,
        variable_row=None,
    ),
    # 2021-22 prints no line-number row: the line is in the column code (C1R190).
    "2021-22": Layout(
        header_row=12,
        identity=("E-code", "ONS Code", "Local authority", "Notes", "Class", "Detailed Class"),
        block_row=11,
        form_column_row=10,
        line_row=None,
        code_row=8,
        variable_row=7,
    ),
    "2022-23": _FROM_2022_23,
    "2023-24": _FROM_2022_23,
}
LATEST = max(LAYOUTS)


def column_letter(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA'."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _cell(rows: list[list[object]], row: int | None, index: int) -> str:
    """Text of the cell at 1-based `row`, 0-based column `index`; '' outside the sheet."""
    if row is None or row > len(rows) or index >= len(rows[row - 1]):
        return ""
    return cell_text(rows[row - 1][index])


def _find_sheet(path: Path) -> tuple[str, str, list[list[object]]]:
    workbook = open_workbook(path)
    names = [n for n in workbook.sheet_names if n.strip().startswith(SHEET_PREFIX)]
    if len(names) != 1:
        raise shape_error(
            path.name,
            None,
            f"expected one sheet {SHEET_PREFIX}<year>, found {workbook.sheet_names}",
        )
    sheet = names[0]
    match = _SHEET_YEAR.match(sheet.strip())
    if not match:
        raise shape_error(path.name, sheet, "sheet name does not end in a year like 2018-19")
    year = match.group(1)
    file_match = _FILE_YEAR.match(path.name)
    if file_match and f"{file_match.group(1)}-{file_match.group(2)}" != year:
        raise shape_error(path.name, sheet, "file name and sheet name give different years")
    rows = sheet_rows(workbook, path, sheet)
    return sheet, year, rows


def _expect(file: str, sheet: str, row: int, index: int, want: str, found: str) -> None:
    if normalise_label(want) != normalise_label(found):
        raise shape_error(
            file,
            sheet,
            f"row {row}, column {column_letter(index)}: expected {want!r}, found {found!r}",
        )


def _line_columns(
    file: str, sheet: str, rows: list[list[object]], layout: Layout
) -> list[tuple[int, list[str]]]:
    """(column index, [column, block, ro_line, form_column, code, variable, name]) per line."""
    first = len(layout.identity)
    header = rows[layout.header_row - 1]
    _expect(file, sheet, layout.block_row, first, FIRST_BLOCK, _cell(rows, layout.block_row, first))
    _expect(
        file, sheet, layout.header_row, first, FIRST_LINE, _cell(rows, layout.header_row, first)
    )
    lines: list[tuple[int, list[str]]] = []
    block = ""
    for index in range(first, len(header)):
        name = _cell(rows, layout.header_row, index)
        block = _cell(rows, layout.block_row, index).strip() or block  # merged: first cell only
        if not name.strip():
            if any(_cell(rows, r, index) for r in range(layout.header_row + 1, len(rows) + 1)):
                raise shape_error(
                    file,
                    sheet,
                    f"row {layout.header_row}, column {column_letter(index)}: "
                    "no line name above a column that holds values",
                )
            continue
        lines.append(
            (
                index,
                [
                    column_letter(index),
                    block,
                    _cell(rows, layout.line_row, index),
                    _cell(rows, layout.form_column_row, index),
                    _cell(rows, layout.code_row, index),
                    _cell(rows, layout.variable_row, index),
                    name,
                ],
            )
        )
    return lines


def _is_helper_row(rows: list[list[object]], number: int) -> bool:
    """A row with no E-code, ONS code or name: not an authority but the publisher's own line.

    2018-19 to 2020-21 print one just above ENGLAND, with figures only under the four council
    tax support columns: how many authorities report a figure there (2019-20: 317, 317, 317,
    76 = the authorities with a non-zero value in each). Skipped as layout, like a blank row.
    A row with a name or an ONS code but no valid E-code is still rejected.
    """
    return all(_cell(rows, number, index).strip() == "" for index in range(3))


def parse(path: Path) -> ParsedFile:
    """One workbook's RS_LA_Data sheet, long: one row per authority x published column."""
    sheet, year, rows = _find_sheet(path)
    layout = LAYOUTS.get(year, LAYOUTS[LATEST])
    if len(rows) <= layout.header_row:
        raise shape_error(path.name, sheet, f"expected a header on row {layout.header_row}")
    for index, want in enumerate(layout.identity):
        _expect(
            path.name, sheet, layout.header_row, index, want, _cell(rows, layout.header_row, index)
        )
    lines = _line_columns(path.name, sheet, rows, layout)
    names = [IDENTITY_COLUMNS[label] for label in layout.identity]

    rejects = RejectLog()
    kept: list[list[object]] = []
    england = None
    for number in range(layout.header_row + 1, len(rows) + 1):
        cells = rows[number - 1]
        if is_blank_row(cells):
            continue
        if _cell(rows, number, 2).strip() == "ENGLAND":
            england = number
            break
        e_code = _cell(rows, number, 0).strip()
        if _is_helper_row(rows, number):
            continue
        if not _E_CODE.match(e_code):
            rejects.add(
                number, "e_code", e_code, "not an authority E-code (E followed by 4 digits)"
            )
            continue
        identity = {"notes": ""}
        for name, index in zip(names, range(len(names)), strict=True):
            text = _cell(rows, number, index).strip()
            identity[name] = f"{identity[name]} {text}".strip() if name == "notes" else text
        authority = [
            year,
            *(identity.get(c, "") for c in COLUMNS[1 : COLUMNS.index("column")]),
        ]
        for index, line in lines:
            kept.append([*authority, *line, _cell(rows, number, index), number])
    if england is None:
        raise shape_error(
            path.name, sheet, "no 'ENGLAND' total row (column C) after the authority rows"
        )
    return ParsedFile(sheet, rows_frame(kept, COLUMNS), rejects.frame())
