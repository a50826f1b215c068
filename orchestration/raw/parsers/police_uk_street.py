"""data.police.uk street-level crime: one CSV per force per month, YYYY-MM-<force>-street.csv.

What a street file's name must be (`name_problem` says what is wrong with one that is not) and
how one file is read. Which files of the drop folder are loaded is police_uk_drop_folder's job.
"""

from __future__ import annotations

import re
from pathlib import Path

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


def parse(path: Path) -> ParsedFile:
    month = file_month(path)

    def check(number: int, values: dict[str, str], rejects: RejectLog) -> None:
        if values["month"] != month:
            rejects.add(number, "month", values["month"], f"month differs from file month {month}")
        if values["crime_type"].strip() == "":
            rejects.add(number, "crime_type", values["crime_type"], "crime type is empty")

    return published_csv.parse(path, HEADERS, row_check=check, context={"_partition_month": month})
