"""data.police.uk street-level crime: one CSV per force per month, YYYY-MM-<force>-street.csv.

What a street file's name must be (`name_problem` says what is wrong with one that is not) and
how one file is read. Which files of the drop folder are loaded is police_uk_drop_folder's job.

`parse` reads one file exactly (the csv module, row by row) and, being a BulkCsvParser, also lets
the landing step read a month's plain files with DuckDB's reader (landing/bulk_landing.py): the
same rows, ~10x faster. `KEPT_SQL` is the exact reader's row checks as DuckDB sees them: a file
with a row it does not vouch for is read exactly, which rejects that row with its reason.
"""

from __future__ import annotations

import re
from pathlib import Path

from orchestration.raw.landing.bulk_csv import BulkCsvParser
from orchestration.raw.landing.parsed import ParsedFile, RejectLog
from orchestration.raw.landing.shape import shape_error
from orchestration.raw.parsers import published_csv

HEADERS = [
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Crime type",
    "Last outcome category",
    "Context",
]
EXPECTED_NAME = "<yyyy-mm>-<force>-street.csv"
# The extension in any case: a file copied through Windows or a browser may arrive as .CSV.
# The force part stays as data.police.uk writes it (lower-case words joined by '-'): anything
# else was renamed by hand, and its month or force cannot be trusted.
FILE_NAME = re.compile(
    r"^(?P<month>\d{4}-(0[1-9]|1[0-2]))-(?P<force>[a-z0-9]+(-[a-z0-9]+)*)-street\.(?i:csv)$"
)
_MONTH_FIRST = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<rest>.*)$")
_STREET_CSV = re.compile(r"^(?P<force>.*)-street\.(?i:csv)$")


def name_problem(name: str) -> str | None:
    """Why `name` is not a street file's name, in words a user can act on; None when it is one."""
    if FILE_NAME.match(name):
        return None
    suffix = Path(name).suffix
    if suffix.lower() != ".csv":
        found = f"a {suffix} file" if suffix else "a name with no extension"
        return (
            f"expected a CSV named {EXPECTED_NAME} (data.police.uk ships street files as CSV), "
            f"found {found}"
        )
    if " " in name:
        return (
            f"expected {EXPECTED_NAME}, found a space in the name (a second download such as "
            "'... (1).csv'?): rename the file, or remove it if it is a copy"
        )
    month_first = _MONTH_FIRST.match(name)
    if month_first is None:
        return f"expected a name starting with the month, {EXPECTED_NAME}"
    month = int(month_first["month"])
    if not 1 <= month <= 12:
        return f"expected a month 01 to 12 in {EXPECTED_NAME}, found month {month_first['month']}"
    street = _STREET_CSV.match(month_first["rest"])
    if street is None:
        return f"expected the name to end '-street.csv' ({EXPECTED_NAME})"
    return (
        f"expected the force part of {EXPECTED_NAME} to be lower-case words joined by single "
        f"'-' (as data.police.uk names it), found {street['force']!r}"
    )


def file_month(path: Path) -> str:
    """The YYYY-MM a street file covers, from its name; any other name is a ShapeError."""
    match = FILE_NAME.match(path.name)
    if match is None:
        raise shape_error(path.name, None, name_problem(path.name) or "not a street file name")
    return match["month"]


def parse_exactly(path: Path) -> ParsedFile:
    """One street file read row by row: its rows as text, and the rows rejected and why."""
    month = file_month(path)

    def check(number: int, values: dict[str, str], rejects: RejectLog) -> None:
        if values["month"] != month:
            rejects.add(number, "month", values["month"], f"month differs from file month {month}")
        if values["crime_type"].strip() == "":
            rejects.add(number, "crime_type", values["crime_type"], "crime type is empty")

    return published_csv.parse(path, HEADERS, row_check=check, context={"_partition_month": month})


def _context(path: Path) -> dict[str, str]:
    return {"_partition_month": file_month(path)}


# The month is the file's (a row of another month is rejected), and the crime type is not blank
# (str.strip() blank is rejected; a type with an ASCII letter or digit is surely not blank, and
# one without is left to the exact reader to judge).
KEPT_SQL = "month = _partition_month and regexp_matches(crime_type, '[A-Za-z0-9]')"

parse = BulkCsvParser(
    exact=parse_exactly,
    headers=tuple(HEADERS),
    context=_context,
    batch=file_month,
    kept_sql=KEPT_SQL,
)
