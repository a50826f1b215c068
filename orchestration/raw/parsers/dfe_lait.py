"""DfE Local Authority Interactive Tool (LAIT) files: the long data set and the statistical
neighbours workbook, read as published.

The data set ("big data sheet", bds_long_0.parquet) is one row per measure x year x area. Parquet
carries types, so each column is turned back into the text it holds: strings as they are (a
missing 'Data item' as ''), the old 3-digit LA number (a DOUBLE) as '301'. `_row_number` is the
row's position in the file, 1-based (a parquet file has no header row).

The statistical neighbours sheet 'LA SN Groups' has two helper rows (column letters, column
numbers) above its header on row 3. Each of the ten neighbours SN1..SN10 is followed by a
closeness band column, all ten headed 'SNP'; they are named by position sn1_closeness ..
sn10_closeness. Below the current list a heading row 'Old SNs:' introduces the neighbours of
authorities that no longer exist (Cumbria, Northamptonshire, pre-2019 Dorset, Poole,
Bournemouth); `section` carries that heading ('' above it), so no row loses its context.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from orchestration.raw.landing.cells import cell_text, is_blank_row, is_number
from orchestration.raw.landing.naming import snake_case
from orchestration.raw.landing.parsed import ParsedFile, RejectLog, rows_frame
from orchestration.raw.landing.shape import check_header, one_line, shape_error
from orchestration.raw.landing.workbook import read_sheet

BDS_HEADERS = [
    "Short Desc",
    "Data item",
    "Years",
    "LA and Regions",
    "Values",
    "LA Number",
    "Region",
]
BDS_COLUMNS = [snake_case(h) for h in BDS_HEADERS]
# a row without these cannot be placed: which measure, which year, which area
BDS_REQUIRED = ("short_desc", "years", "la_number")

SN_SHEET = "LA SN Groups"
SN_HEADER_ROW = 3
NEIGHBOURS = 10
SN_HEADERS = [
    "LA num",
    "LA Name",
    "LA number",
    "GOInd",
    "GOReg",
    *(label for rank in range(1, NEIGHBOURS + 1) for label in (f"SN{rank}", "SNP")),
]
SN_COLUMNS = [
    "la_num",
    "la_name",
    "la_number",
    "goind",
    "goreg",
    *(name for rank in range(1, NEIGHBOURS + 1) for name in (f"sn{rank}", f"sn{rank}_closeness")),
]
SN_NUMERIC = ("la_num", "la_number", *(f"sn{rank}" for rank in range(1, NEIGHBOURS + 1)))


def _column_text(column: pa.ChunkedArray) -> list[str]:
    """A parquet column as the text it holds: null -> '', 301.0 -> '301', strings unchanged."""
    if pa.types.is_floating(column.type):
        return [cell_text(v) for v in column.to_pylist()]
    return pc.fill_null(column.cast(pa.string()), "").to_pylist()


def _read_parquet(path: Path) -> pa.Table:
    """The Parquet file's table, or a one-line ShapeError for an empty or damaged file."""
    try:
        return pq.read_table(path)
    except (pa.ArrowException, OSError) as error:
        raise shape_error(
            path.name,
            None,
            "not a readable Parquet file: expected a complete file, found a truncated or "
            f"damaged one ({type(error).__name__}: {one_line(str(error))[:200]})",
        ) from None


def parse_bds(path: Path) -> ParsedFile:
    """The LAIT long data set: every column as text, one row per published row."""
    table = _read_parquet(path)
    check_header(path.name, None, BDS_HEADERS, table.column_names)
    frame = pd.DataFrame(
        {
            column: _column_text(table.column(header))
            for header, column in zip(BDS_HEADERS, BDS_COLUMNS, strict=True)
        },
        dtype=object,
    )
    frame["_row_number"] = pd.Series(range(1, len(frame) + 1), dtype="int64")

    rejects = RejectLog()
    for column in BDS_REQUIRED:
        for index in frame.index[frame[column].str.strip() == ""]:
            rejects.add(index + 1, column, "", f"no {column}")
    kept = frame[~frame["_row_number"].isin(rejects.rows)].reset_index(drop=True)
    return ParsedFile(None, kept, rejects.frame())


def parse_statistical_neighbours(path: Path) -> ParsedFile:
    """Sheet 'LA SN Groups': one row per authority with its ten neighbours and their closeness."""
    sheet, rows = read_sheet(path, SN_SHEET)
    if len(rows) < SN_HEADER_ROW:
        raise shape_error(path.name, sheet, f"expected a header on row {SN_HEADER_ROW}")
    header = [cell_text(c) for c in rows[SN_HEADER_ROW - 1]]
    while header and header[-1].strip() == "" and len(header) > len(SN_HEADERS):
        header.pop()
    check_header(path.name, sheet, SN_HEADERS, header)

    width = len(SN_HEADERS)
    rejects = RejectLog()
    kept: list[list[object]] = []
    section = ""
    for index in range(SN_HEADER_ROW, len(rows)):
        cells, number = rows[index], index + 1
        if is_blank_row(cells):
            continue
        texts = [cell_text(c) for c in cells]
        if any(t.strip() for t in texts[width:]):
            rejects.add(number, None, ",".join(texts[width:]), "value beyond the declared columns")
            continue
        texts = (texts + [""] * width)[:width]
        if _is_section_heading(texts):
            section = texts[1].strip()
            continue
        for column, cell, text in zip(SN_COLUMNS, cells, texts, strict=False):
            if column in SN_NUMERIC and not is_number(cell):
                rejects.add(number, column, text, "not an LA number")
        if number not in rejects.rows:
            kept.append([*texts, section, number])
    frame = rows_frame(kept, [*SN_COLUMNS, "section", "_row_number"])
    return ParsedFile(sheet, frame, rejects.frame())


def _is_section_heading(texts: list[str]) -> bool:
    """A label in the name column and nothing else on the row (e.g. 'Old SNs:')."""
    return texts[1].strip() != "" and all(t.strip() == "" for i, t in enumerate(texts) if i != 1)
