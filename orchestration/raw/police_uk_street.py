"""data.police.uk street-level crime: one CSV per force per month, YYYY-MM-<force>-street.csv."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from orchestration.raw import published_csv
from orchestration.raw.parsed import ParsedFile, RejectLog
from orchestration.raw.shape import shape_error

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
FILE_NAME = re.compile(
    r"^(?P<month>\d{4}-(0[1-9]|1[0-2]))-(?P<force>[a-z0-9]+(-[a-z0-9]+)*)-street\.csv$"
)


def file_month(path: Path) -> str:
    """The YYYY-MM a street file covers, from its name; any other name is a ShapeError."""
    match = FILE_NAME.match(path.name)
    if match is None:
        raise shape_error(path.name, None, "file name does not match YYYY-MM-<force>-street.csv")
    return match["month"]


def street_files_by_month(directory: Path) -> dict[str, list[Path]]:
    """Street files grouped by month, both sorted: {'2017-01': [2017-01-city-of-london-...]}."""
    months: dict[str, list[Path]] = defaultdict(list)
    for path in sorted(directory.glob("*-street.csv")):
        months[file_month(path)].append(path)
    return dict(sorted(months.items()))


def parse(path: Path) -> ParsedFile:
    month = file_month(path)

    def check(number: int, values: dict[str, str], rejects: RejectLog) -> None:
        if values["month"] != month:
            rejects.add(number, "month", values["month"], f"month differs from file month {month}")
        if values["crime_type"].strip() == "":
            rejects.add(number, "crime_type", values["crime_type"], "crime type is empty")

    return published_csv.parse(path, HEADERS, row_check=check, context={"_partition_month": month})
