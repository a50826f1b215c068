"""NHS Organisation Data Service (ODS) CSV downloads: headerless files in the 27-column layout.

The ODS "standard" downloads (etr: NHS trusts; eccg: CCGs and sub-ICB locations) ship without a
header line, so the columns are declared here by position, from the ODS layout. A row with a
different number of fields cannot be placed in that layout and is rejected; a file whose first
record does not have 27 fields, or that starts with a header line, is not in this layout at all
(ShapeError). Dates are published as YYYYMMDD; one that is not is rejected with the row.
"""

from __future__ import annotations

import re
from pathlib import Path

from orchestration.raw.landing.csvfile import read_headerless
from orchestration.raw.landing.parsed import ParsedFile, RejectLog, rows_frame
from orchestration.raw.landing.shape import shape_error

# Positions 1-27 of the ODS standard layout. `null_<n>` are positions ODS leaves empty in these
# files. Position 14 holds ODS role codes in eccg (RO319 sub-ICB location, RO327 sub-ICB
# reporting entity, RO218 commissioning hub); it is empty in etr.
COLUMNS = [
    "organisation_code",
    "name",
    "national_grouping",
    "high_level_health_geography",
    "address_line_1",
    "address_line_2",
    "address_line_3",
    "address_line_4",
    "address_line_5",
    "postcode",
    "open_date",
    "close_date",
    "null_13",
    "organisation_sub_type_code",
    "null_15",
    "null_16",
    "null_17",
    "contact_telephone_number",
    "null_19",
    "null_20",
    "null_21",
    "amended_record_indicator",
    "null_23",
    "gor_code",
    "null_25",
    "null_26",
    "null_27",
]
_DATE = re.compile(r"^\d{4}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$")


def parse(path: Path) -> ParsedFile:
    """Read a headerless ODS file; `_row_number` is the line in the file (no header line)."""
    rejects = RejectLog()
    kept: list[list[object]] = []
    width = len(COLUMNS)
    for number, fields in read_headerless(path, width):
        if not fields:
            continue  # a blank line is layout, not a record
        if number == 1:
            _check_first_record(path.name, fields)
        if len(fields) != width:
            reason = f"{len(fields)} fields where the ODS layout has {width}"
            rejects.add(number, None, ",".join(fields), reason)
            continue
        values = dict(zip(COLUMNS, fields, strict=True))
        _check_values(number, values, rejects)
        if number not in rejects.rows:
            kept.append([*fields, number])
    return ParsedFile(
        sheet=None, rows=rows_frame(kept, [*COLUMNS, "_row_number"]), rejects=rejects.frame()
    )


def _check_first_record(file: str, fields: list[str]) -> None:
    if fields and fields[0].strip().lower() in {"organisation code", "organisation_code", "code"}:
        raise shape_error(file, None, f"starts with a header line {fields[:4]}; ODS is headerless")
    if len(fields) != len(COLUMNS):
        raise shape_error(
            file,
            None,
            f"first record has {len(fields)} fields where the ODS layout has {len(COLUMNS)}",
        )


def _check_values(number: int, values: dict[str, str], rejects: RejectLog) -> None:
    if values["organisation_code"].strip() == "":
        rejects.add(number, "organisation_code", "", "organisation code is empty")
    for column in ("open_date", "close_date"):
        value = values[column].strip()
        if value and not _DATE.match(value):
            rejects.add(number, column, values[column], f"{column} is not a YYYYMMDD date")
    if values["open_date"].strip() == "":
        rejects.add(number, "open_date", "", "open date is empty")
