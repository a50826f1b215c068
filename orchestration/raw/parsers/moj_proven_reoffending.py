"""MoJ Proven reoffending statistics: cohorts by prison and by probation region.

Published quarterly by MoJ ("Proven reoffending statistics", tables by prison and by probation
region): for offenders released from custody or starting a court order in a three-month cohort,
the number of offenders, of reoffenders and of proven reoffences in a one-year follow-up.
Header text found (faithful): MoJ's "Interim proven reoffending for PbR cohorts" tables
(https://www.gov.uk/government/uploads/system/uploads/attachment_data/file/585910/crc-nps-interim-results-tables-jan17.xlsx,
as a public R script reads them) head their columns "Number of reoffenders", "Number of
reoffences", "Proportion of offenders who reoffend (%)" and "Average number of reoffences per
reoffender", with cohorts named like "Jan-Mar 2016". Those labels are used as published.
ASSUMED (no stored copy gives them): the sheet names ``Table_C1`` (by prison) and ``Table_C2``
(by probation region), the labels "Cohort", "Prison", "Probation region", "Number of offenders",
and the adjusted columns "Predicted proportion of offenders who reoffend (%)" and "Difference
between actual and predicted (percentage points)", which follow the guide's description of
actual against predicted rates for the cohort's case mix.

The cohort ("Jan-Mar 2022") is a column; a file holds any number of cohorts. No reoffending file
ships with Frontline: the sources are optional. Files: ``proven_reoffending_<label>.ods`` (or
.xlsx) under data/justice/proven_reoffending/.
"""

from __future__ import annotations

from pathlib import Path

from orchestration.raw.landing.naming import snake_case
from orchestration.raw.landing.parsed import ParsedFile
from orchestration.raw.landing.synthetic import is_synthetic
from orchestration.raw.parsers.statistics_sheet import parse_statistics_sheet

PRISON_SHEET = "Table_C1"
REGION_SHEET = "Table_C2"
_COUNTS_AND_RATES = [
    "Number of offenders",
    "Number of reoffenders",
    "Number of reoffences",
    "Proportion of offenders who reoffend (%)",
    "Average number of reoffences per reoffender",
    "Predicted proportion of offenders who reoffend (%)",
    "Difference between actual and predicted (percentage points)",
]
PRISON_HEADER = ["Cohort", "Prison", *_COUNTS_AND_RATES]
REGION_HEADER = ["Cohort", "Probation region", *_COUNTS_AND_RATES]
# .ods, .xls or .xlsx, never a '<file>.synthetic.json' sidecar (names ending in s or x)
REOFFENDING_GLOB = "justice/proven_reoffending/proven_reoffending_*.*[sx]"
PRISON_COLUMNS = (*(snake_case(h) for h in PRISON_HEADER), "synthetic_file")
REGION_COLUMNS = (*(snake_case(h) for h in REGION_HEADER), "synthetic_file")


def _context(path: Path) -> dict[str, str]:
    return {"synthetic_file": "true" if is_synthetic(path) else "false"}


def parse_by_prison(path: Path) -> ParsedFile:
    """Table_C1: one row per cohort and prison of release."""
    return parse_statistics_sheet(
        path, PRISON_SHEET, PRISON_HEADER, label_columns=2, context=_context(path)
    )


def parse_by_region(path: Path) -> ParsedFile:
    """Table_C2: one row per cohort and probation region (NPS division)."""
    return parse_statistics_sheet(
        path, REGION_SHEET, REGION_HEADER, label_columns=2, context=_context(path)
    )
