"""Read one sheet of a published workbook (xlsx, xls, ods) with python-calamine."""

from __future__ import annotations

from pathlib import Path

from python_calamine import CalamineWorkbook

from orchestration.raw.shape import shape_error


def read_sheet(path: Path, sheet: str) -> tuple[str, list[list[object]]]:
    """The sheet's actual name and its cells, row by row, blank cells as ''.

    Sheet names are matched ignoring surrounding spaces: ONS ships 'Table P1 ' in some editions.
    """
    workbook = CalamineWorkbook.from_path(str(path))
    names = [n for n in workbook.sheet_names if n.strip() == sheet.strip()]
    if len(names) != 1:
        raise shape_error(
            path.name, sheet, f"expected one sheet named {sheet!r}, found {workbook.sheet_names}"
        )
    rows = workbook.get_sheet_by_name(names[0]).to_python(skip_empty_area=False)
    return names[0], rows


def source_row_index(rows: list[list[object]], start: int, file: str, sheet: str) -> int:
    """Index of the 'Source: ...' line that ends an ONS table (data rows come before it)."""
    for index in range(start, len(rows)):
        first = rows[index][0] if rows[index] else ""
        if isinstance(first, str) and first.strip().startswith("Source"):
            return index
    raise shape_error(file, sheet, "no 'Source:' line after the data rows")
