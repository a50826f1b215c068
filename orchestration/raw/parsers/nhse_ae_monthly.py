"""NHS England A&E Attendances and Emergency Admissions: monthly provider-level CSV files.

One file per month, `ae_monthly_YYYY-MM.csv` (NHS England ships them as Monthly-AE-<Month>-<Year>
.csv): one row per provider (`Period` like `MSitAE-JUNE-2024`) and a last row labelled TOTAL (or
Total) in its four label columns, which is NHS England's England total. Both kinds of row are
landed as published; staging tells them apart.

Headers (any other is a ShapeError): HEADER, the 22 published columns, in every file from June
2024 to June 2025; ae_monthly_2024-09.csv adds EXPORT_TAIL, five unnamed columns and one headed
'a', all empty (a spreadsheet export artefact). The tail is dropped; a row with a value under it
is rejected, so nothing published is lost silently. The record loop is published_csv's.
The month comes from `Period` and must equal the month in the file name, or the row is rejected;
a count that is not a whole number is rejected with its column.
"""

from __future__ import annotations

import re
from pathlib import Path

from orchestration.raw.landing.naming import snake_case
from orchestration.raw.landing.parsed import ParsedFile, RejectLog
from orchestration.raw.landing.shape import shape_error
from orchestration.raw.parsers import published_csv

LABELS = ["Period", "Org Code", "Parent Org", "Org name"]
COUNTS = [
    "A&E attendances Type 1",
    "A&E attendances Type 2",
    "A&E attendances Other A&E Department",
    "A&E attendances Booked Appointments Type 1",
    "A&E attendances Booked Appointments Type 2",
    "A&E attendances Booked Appointments Other Department",
    "Attendances over 4hrs Type 1",
    "Attendances over 4hrs Type 2",
    "Attendances over 4hrs Other Department",
    "Attendances over 4hrs Booked Appointments Type 1",
    "Attendances over 4hrs Booked Appointments Type 2",
    "Attendances over 4hrs Booked Appointments Other Department",
    "Patients who have waited 4-12 hs from DTA to admission",
    "Patients who have waited 12+ hrs from DTA to admission",
    "Emergency admissions via A&E - Type 1",
    "Emergency admissions via A&E - Type 2",
    "Emergency admissions via A&E - Other A&E department",
    "Other emergency admissions",
]
HEADER = [*LABELS, *COUNTS]
EXPORT_TAIL = ["", "", "", "", "", "a"]

COLUMNS = [snake_case(label) for label in HEADER]
COUNT_COLUMNS = [snake_case(label) for label in COUNTS]
TOTAL_LABEL = "total"

FILE_NAME = re.compile(r"^ae_monthly_(?P<month>\d{4}-(0[1-9]|1[0-2]))\.csv$")
PERIOD = re.compile(r"^MSITAE-(?P<month>[A-Z]+)-(?P<year>\d{4})$")
MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "JANUARY",
            "FEBRUARY",
            "MARCH",
            "APRIL",
            "MAY",
            "JUNE",
            "JULY",
            "AUGUST",
            "SEPTEMBER",
            "OCTOBER",
            "NOVEMBER",
            "DECEMBER",
        ],
        start=1,
    )
}
_WHOLE_NUMBER = re.compile(r"^\d+$")


def file_month(path: Path) -> str:
    """The YYYY-MM a monthly file covers, from its name; any other name is a ShapeError."""
    match = FILE_NAME.match(path.name)
    if match is None:
        raise shape_error(path.name, None, "file name does not match ae_monthly_YYYY-MM.csv")
    return match["month"]


def period_month(period: str) -> str | None:
    """'MSitAE-JUNE-2024' -> '2024-06'; None when the text is not such a period."""
    match = PERIOD.match(period.strip().upper())
    if match is None or match["month"] not in MONTHS:
        return None
    return f"{match['year']}-{MONTHS[match['month']]:02d}"


def is_total_row(values: dict[str, str]) -> bool:
    """NHS England's England total: TOTAL (or Total, 'Total ') in all four label columns."""
    return all(values[snake_case(label)].strip().lower() == TOTAL_LABEL for label in LABELS)


def parse(path: Path) -> ParsedFile:
    month = file_month(path)

    def check(number: int, values: dict[str, str], rejects: RejectLog) -> None:
        _check_row(number, values, month, rejects)

    return published_csv.parse(
        path, HEADER, row_check=check, context={"file_month": month}, export_tail=EXPORT_TAIL
    )


def _check_row(number: int, values: dict[str, str], month: str, rejects: RejectLog) -> None:
    if not is_total_row(values):
        published = period_month(values["period"])
        if published is None:
            rejects.add(number, "period", values["period"], "period is not MSitAE-<MONTH>-<YYYY>")
        elif published != month:
            reason = f"period month {published} differs from file month {month}"
            rejects.add(number, "period", values["period"], reason)
        if values["org_code"].strip() == "":
            rejects.add(number, "org_code", "", "organisation code is empty")
    for column in COUNT_COLUMNS:
        value = values[column].strip()
        if not _WHOLE_NUMBER.match(value):
            rejects.add(number, column, values[column], "count is not a whole number")
