"""NHS England National Cost Collection (NCC): the national schedule and trust-level schedules.

The national schedule (one row per service and currency, national activity, unit cost and cost)
loads with the generic declared-header CSV parser. Trust-level schedules are one CSV per file in
the organisation-level layout below, the financial year in the file name
(``ncc_2023_24_<anything>.csv``); none ship with Frontline, so the source is optional.

Header of the trust-level layout: NHS England's 2023/24 organisation-level NCC files are
published through Power BI and the FutureNHS Costing workspace
(https://www.england.nhs.uk/costing-in-the-nhs/national-cost-collection/, "2023/24 National
Cost Collection data"), and no stored copy gives their CSV column names. The nearest found is
the 2015-16 reference costs organisation-level source data as documented by the R package
rb28/nhsrefcost (https://rdrr.io/github/rb28/nhsrefcost/man/rc1bdata.html: Org.Code,
Dept.Code, Service.Code, Currency.Code, Unit.Cost, Activity, Actual.Cost, R-mangled names of an
older collection). So Frontline declares its own header, TRUST_SCHEDULE_HEADER.
"""

from __future__ import annotations

import re
from pathlib import Path

from orchestration.raw.landing.naming import snake_case
from orchestration.raw.landing.parsed import ParsedFile, RejectLog
from orchestration.raw.landing.shape import shape_error
from orchestration.raw.landing.synthetic import is_synthetic
from orchestration.raw.parsers import published_csv

NATIONAL_SCHEDULE_HEADER = [
    "Service Code",
    "Dept or Currency Code",
    "Dept or Currency Desc",
    "Activity",
    "Unit cost",
    "Cost",
]
TRUST_SCHEDULE_HEADER = [
    "Organisation Code",
    "Service Code",
    "Currency Code",
    "Currency Description",
    "Activity",
    "Unit Cost",
    "Total Cost",
]
TRUST_SCHEDULE_GLOB = "health/ncc_trust_schedules/*.csv"
# the financial year a file covers, from its name: ncc_2023_24_<anything>.csv -> 2023-24
TRUST_FILE_NAME = re.compile(r"^ncc_(?P<start>\d{4})_(?P<end>\d{2})(_[^/]*)?\.csv$")
# context columns: the file's financial year, and 'true' when the file is synthetic (sidecar)
TRUST_SCHEDULE_COLUMNS = (
    *(snake_case(h) for h in TRUST_SCHEDULE_HEADER),
    "financial_year",
    "synthetic_file",
)


def trust_file_name(financial_year_start: int, label: str) -> str:
    """The file name a trust-level schedule for a financial year must have."""
    return f"ncc_{financial_year_start}_{(financial_year_start + 1) % 100:02d}_{label}.csv"


def file_financial_year(path: Path) -> str:
    """'2023-24' from ncc_2023_24_<anything>.csv; any other name is a ShapeError."""
    match = TRUST_FILE_NAME.match(path.name)
    start = int(match["start"]) if match else 0
    if match is None or int(match["end"]) != (start + 1) % 100:
        raise shape_error(
            path.name, None, "file name does not give the financial year as ncc_YYYY_YY_<name>.csv"
        )
    return f"{start}-{match['end']}"


def parse_trust_schedule(path: Path) -> ParsedFile:
    """One trust-level schedule: every column as text, plus the file's financial year and
    whether it is synthetic (so every row, not only the load log, says so)."""
    financial_year = file_financial_year(path)

    def check(number: int, values: dict[str, str], rejects: RejectLog) -> None:
        for column in ("organisation_code", "currency_code"):
            if values[column].strip() == "":
                rejects.add(number, column, values[column], f"{column} is empty")

    return published_csv.parse(
        path,
        TRUST_SCHEDULE_HEADER,
        row_check=check,
        context={
            "financial_year": financial_year,
            "synthetic_file": "true" if is_synthetic(path) else "false",
        },
    )


parse_national_schedule = published_csv.parser_for(NATIONAL_SCHEDULE_HEADER)
