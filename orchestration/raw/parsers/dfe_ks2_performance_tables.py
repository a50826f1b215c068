"""DfE school performance tables, key stage 2 final results: one CSV per academic year and LA.

The files (<yyyy>-<yyyy>_<LA>_ks2final.csv) carry about 290 to 330 columns, and the set differs
from year to year (2018-19 adds PCON_CODE, drops PSENELSE; each year adds prior-year columns
such as PTRWM_EXP_17). One wide raw table would change shape every year, so the file lands LONG
as published: one raw row per (record, published column) with the column name and the cell text
exactly as printed. The academic year and LA number come from the file name and are checked
against the LEA column; RECTYPE, URN and LEA are repeated on every row so staging can pivot the
columns it needs per record.

DfE's writer omits a record's trailing empty cells (a school with no eligible pupils stops after
TPUPYEAR; many records stop before the last prior-year columns). Cells that were not printed get
no raw row: staging reads an absent column as blank. A record with more cells than the header,
or too few to reach RECTYPE, URN and LEA, is rejected.

RECTYPE: 1 mainstream school, 2 special school, 3 LA aggregate, 4 and 5 England aggregates (the
England rows leave LEA blank).
"""

from __future__ import annotations

import re
from pathlib import Path

from orchestration.raw.landing.csvfile import read_records
from orchestration.raw.landing.parsed import ParsedFile, RejectLog, rows_frame
from orchestration.raw.landing.shape import normalise_label, shape_error

FILE_NAME = re.compile(r"^(?P<start>\d{4})-(?P<end>\d{4})_(?P<la>\d{3})_ks2final\.csv$")
# The columns every record is identified by; without them the file cannot be read at all.
IDENTIFYING_COLUMNS = ("RECTYPE", "URN", "LEA")
NATIONAL_RECTYPES = {"4", "5"}  # England rows: no LEA
COLUMNS = [
    "academic_year",
    "la_number",
    "rectype",
    "urn",
    "lea",
    "column_number",
    "column_name",
    "value",
    "_row_number",
]


def file_context(path: Path) -> tuple[str, str]:
    """('2018-19', '850') from '2018-2019_850_ks2final.csv'; a ShapeError for any other name."""
    match = FILE_NAME.match(path.name)
    if match is None or int(match["end"]) != int(match["start"]) + 1:
        raise shape_error(path.name, None, "file name is not <yyyy>-<yyyy+1>_<LA>_ks2final.csv")
    return f"{match['start']}-{match['end'][2:]}", match["la"]


def parse(path: Path) -> ParsedFile:
    """One row per (record, published column): the cell text exactly as printed."""
    academic_year, la_number = file_context(path)
    header, records = read_records(path)
    found = [normalise_label(h) for h in header]
    missing = [c for c in IDENTIFYING_COLUMNS if c not in found]
    if missing:
        raise shape_error(path.name, None, f"missing identifying columns {missing}")
    duplicated = sorted({c for c in found if found.count(c) > 1})
    if duplicated:
        raise shape_error(path.name, None, f"repeated column names {duplicated}")
    rectype_at, urn_at, lea_at = (found.index(c) for c in IDENTIFYING_COLUMNS)

    rejects = RejectLog()
    kept: list[list[object]] = []
    for number, fields in records:
        if not fields:
            continue  # a blank line is layout, not a record
        if len(fields) > len(found) or len(fields) <= max(rectype_at, urn_at, lea_at):
            reason = f"{len(fields)} fields where the header has {len(found)}"
            rejects.add(number, None, ",".join(fields), reason)
            continue
        rectype, urn, lea = fields[rectype_at], fields[urn_at], fields[lea_at]
        if lea.strip() != la_number and not (rectype in NATIONAL_RECTYPES and lea.strip() == ""):
            reason = f"LEA {lea!r} is not the file's LA {la_number} (RECTYPE {rectype!r})"
            rejects.add(number, "LEA", lea, reason)
            continue
        for position, (name, value) in enumerate(zip(found, fields, strict=False), start=1):
            kept.append(
                [academic_year, la_number, rectype, urn, lea, position, name, value, number]
            )

    frame = rows_frame(kept, COLUMNS)
    frame["column_number"] = frame["column_number"].astype("int64")
    return ParsedFile(
        sheet=None,
        rows=frame,
        rejects=rejects.frame(),
        column_types={"column_number": "INTEGER"},
    )
