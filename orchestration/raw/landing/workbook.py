"""Read one sheet of a published workbook (xlsx, xls, ods) with python-calamine.

A file that cannot be opened as a workbook (empty, truncated, damaged, or not a workbook at all
under a workbook's name) is a one-line ShapeError saying what the file is, never calamine's own
ZipError or CalamineError.
"""

from __future__ import annotations

from pathlib import Path

from python_calamine import CalamineError, CalamineWorkbook

from orchestration.raw.landing.shape import one_line, shape_error

# How each kind of workbook starts: xlsx and ods are zip archives, xls an OLE2 compound file.
_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0"


def open_workbook(path: Path) -> CalamineWorkbook:
    """The workbook at `path`, or a ShapeError saying why it cannot be one."""
    start = _first_bytes(path)
    if not start:
        raise shape_error(path.name, None, "the file is empty (0 bytes); expected a workbook")
    if not start.startswith((_ZIP, _OLE2)):
        raise shape_error(
            path.name,
            None,
            f"expected a workbook (xlsx, ods or xls), found {_kind(start)} at the start "
            "of the file",
        )
    try:
        return CalamineWorkbook.from_path(str(path))
    except CalamineError as error:
        raise _unreadable(path, None, error) from None


def sheet_rows(workbook: CalamineWorkbook, path: Path, sheet: str) -> list[list[object]]:
    """The cells of sheet `sheet`, row by row, blank cells as ''."""
    try:
        return workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    except CalamineError as error:
        raise _unreadable(path, sheet, error) from None


def read_sheet(path: Path, sheet: str) -> tuple[str, list[list[object]]]:
    """The sheet's actual name and its cells, row by row, blank cells as ''.

    Sheet names are matched ignoring surrounding spaces: ONS ships 'Table P1 ' in some editions.
    """
    workbook = open_workbook(path)
    names = [n for n in workbook.sheet_names if n.strip() == sheet.strip()]
    if len(names) != 1:
        raise shape_error(
            path.name, sheet, f"expected one sheet named {sheet!r}, found {workbook.sheet_names}"
        )
    return names[0], sheet_rows(workbook, path, names[0])


def source_row_index(rows: list[list[object]], start: int, file: str, sheet: str) -> int:
    """Index of the 'Source: ...' line that ends an ONS table (data rows come before it)."""
    for index in range(start, len(rows)):
        first = rows[index][0] if rows[index] else ""
        if isinstance(first, str) and first.strip().startswith("Source"):
            return index
    raise shape_error(file, sheet, "no 'Source:' line after the data rows")


def _first_bytes(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(8)


def _kind(start: bytes) -> str:
    if start.startswith(b"%PDF"):
        return "a PDF document"
    if start.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16 text"
    try:
        start.decode("utf-8")
    except UnicodeDecodeError:
        return f"bytes {start[:4].hex(' ').upper()}"
    return "text (a CSV saved under a workbook's name?)"


def _unreadable(path: Path, sheet: str | None, error: CalamineError) -> Exception:
    kind = "zip archive (xlsx or ods)" if _first_bytes(path).startswith(_ZIP) else "xls file"
    return shape_error(
        path.name,
        sheet,
        f"not a readable workbook: expected a complete {kind}, found a truncated or damaged "
        f"one ({type(error).__name__}: {one_line(str(error))[:200]})",
    )
