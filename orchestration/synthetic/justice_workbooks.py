"""Write prison ratings and proven reoffending workbooks in the layouts the raw loaders declare.

Shared by the synthetic generator and the test fixtures. Each table sheet is laid out as MoJ
publishes: a title line, a notes line, a blank row, the header (some labels with '[note N]'),
the rows, then a note under the table. xlsx bytes are made reproducible (fixed zip and document
timestamps), so the same rows give the same file.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook

from orchestration.raw.parsers import hmpps_prison_performance_ratings as ratings
from orchestration.raw.parsers import moj_proven_reoffending as reoffending

Cell = str | int | float | None
FIXED_ZIP_TIME = (2024, 7, 25, 0, 0, 0)  # the 2023/24 ratings publication date
_CORE_TIMES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")

# which header labels carry a note marker, as MoJ marks them
_NOTED = {"Performance rating": 2, "Measure value": 3, "Predicted proportion of offenders "
          "who reoffend (%)": 2, "Number of offenders": 1}  # fmt: skip


def _labelled(header: Sequence[str]) -> list[str]:
    return [f"{h} [note {_NOTED[h]}]" if h in _NOTED else h for h in header]


def _add_table(
    workbook: Workbook,
    sheet: str,
    title: str,
    header: Sequence[str],
    rows: Sequence[Sequence[Cell]],
) -> None:
    worksheet = workbook.create_sheet(sheet)
    worksheet.append([title])
    worksheet.append(["This worksheet contains one table. Notes are in the Notes worksheet."])
    worksheet.append([])
    worksheet.append(_labelled(header))
    for row in rows:
        worksheet.append(list(row))
    worksheet.append([])
    worksheet.append(["Source: Ministry of Justice"])


def _reproducible_bytes(workbook: Workbook) -> bytes:
    """The workbook as xlsx bytes with fixed zip entry and document property timestamps."""
    raw = io.BytesIO()
    workbook.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dest:
        for name in sorted(source.namelist()):
            data = source.read(name)
            if name == "docProps/core.xml":
                data = _CORE_TIMES.sub(rb"\g<1>2024-07-25T00:00:00Z\g<3>", data)
            dest.writestr(zipfile.ZipInfo(name, FIXED_ZIP_TIME), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _notes_sheet(workbook: Workbook, notes: Sequence[str]) -> None:
    worksheet = workbook.active
    worksheet.title = "Notes"
    worksheet.append(["Note number", "Note text"])
    for number, text in enumerate(notes, start=1):
        worksheet.append([f"[note {number}]", text])


def ratings_workbook_bytes(
    year_label: str,
    overall: Sequence[Sequence[Cell]],
    measures: Sequence[Sequence[Cell]],
    notes: Sequence[str],
) -> bytes:
    """Table_1 rows (Prison, Functional group, Performance rating) and Table_2 rows (Prison,
    Functional group, Measure, Measure value)."""
    workbook = Workbook()
    _notes_sheet(workbook, notes)
    _add_table(
        workbook,
        ratings.RATINGS_SHEET,
        f"Table 1: Annual prison performance ratings {year_label}, England and Wales",
        ratings.RATINGS_HEADER,
        overall,
    )
    _add_table(
        workbook,
        ratings.MEASURES_SHEET,
        f"Table 2: Performance measure values by prison {year_label}, England and Wales",
        ratings.MEASURES_HEADER,
        measures,
    )
    return _reproducible_bytes(workbook)


def reoffending_workbook_bytes(
    by_prison: Sequence[Sequence[Cell]],
    by_region: Sequence[Sequence[Cell]],
    notes: Sequence[str],
) -> bytes:
    """Table_C1 rows (Cohort, Prison, counts and rates) and Table_C2 rows (Cohort, Probation
    region, counts and rates)."""
    workbook = Workbook()
    _notes_sheet(workbook, notes)
    _add_table(
        workbook,
        reoffending.PRISON_SHEET,
        "Table C1: Proven reoffending of adults released from custody, by prison",
        reoffending.PRISON_HEADER,
        by_prison,
    )
    _add_table(
        workbook,
        reoffending.REGION_SHEET,
        "Table C2: Proven reoffending of adult offenders, by probation region",
        reoffending.REGION_HEADER,
        by_region,
    )
    return _reproducible_bytes(workbook)


def write(path: Path, content: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path
