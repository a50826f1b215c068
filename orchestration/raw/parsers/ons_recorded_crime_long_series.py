"""ONS 'Recorded crime data at Police Force Area level' (rec-crime-pfa.csv), as published.

One row per 12-month period, police force area and offence: the rolling 12-month total of police
recorded crime, as revised at the release the file came with (the long series is one vintage).
Header: `12 months ending, PFA, Region, Offence, Rolling year total number of offences`.

What the file holds besides the 43 territorial forces: British Transport Police (Region 'British
Transport Police'), and three fraud reporting bodies whose PFA and Offence are the body's name
(`Action Fraud`, `CIFAS`, `UK Finance`; Region `Fraud: <body>`). The landing keeps every row as
text; staging types the rows and the classification seed maps the offences.

Checked per row (a failure is a reject naming the row, column and value): the period is a date
written DD-MM-YYYY (the file prints 30-12-2017 for the year ending December 2017, so the day is
not required to end its month: staging reads the period by its month), the count is a whole
number, and the force, region and offence are not empty. A count may be negative: a rolling total
is offences recorded net of records cancelled in the 12 months, and where cancellations outnumber
new records ONS prints it below zero (25 rows: police-recorded fraud in 2013, when Action Fraud
took over recording it, and death or serious injury by illegal driving in three forces, 2007-09).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from orchestration.raw.landing.parsed import ParsedFile, RejectLog
from orchestration.raw.parsers import published_csv

HEADER = [
    "12 months ending",
    "PFA",
    "Region",
    "Offence",
    "Rolling year total number of offences",
]
PERIOD_COLUMN = "12_months_ending"
COUNT_COLUMN = "rolling_year_total_number_of_offences"
NAME_COLUMNS = ("pfa", "region", "offence")

_DATE = re.compile(r"^(?P<day>\d{2})-(?P<month>\d{2})-(?P<year>\d{4})$")
_WHOLE_NUMBER = re.compile(r"^-?\d+$")


def period_problem(text: str) -> str | None:
    """Why `text` is not a DD-MM-YYYY calendar date, or None when it is one."""
    match = _DATE.match(text)
    if match is None:
        return "expected a date written DD-MM-YYYY"
    try:
        dt.date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        return "not a calendar date (DD-MM-YYYY)"
    return None


def check_row(number: int, values: dict[str, str], rejects: RejectLog) -> None:
    """Reject a row whose period, count or names cannot be read (see the module docstring)."""
    period = values[PERIOD_COLUMN]
    if (problem := period_problem(period)) is not None:
        rejects.add(number, PERIOD_COLUMN, period, problem)
    count = values[COUNT_COLUMN]
    if _WHOLE_NUMBER.match(count) is None:
        rejects.add(number, COUNT_COLUMN, count, "expected a whole number")
    for column in NAME_COLUMNS:
        if values[column].strip() == "":
            rejects.add(number, column, values[column], f"{column} is empty")


def parse(path: Path) -> ParsedFile:
    """The long series: every published column as text, one row per published row."""
    return published_csv.parse(path, HEADER, row_check=check_row)
