"""HMPPS Annual Prison Performance Ratings: overall rating and measure values per prison.

Published yearly by MoJ as Official Statistics ("Prison performance ratings 2023 to 2024",
https://www.gov.uk/government/statistics/prison-performance-ratings-2023-to-2024: a bulletin,
"Annual Prison Performance Ratings Supplementary Tables" and the "Annual Prison Performance
Ratings Guide 2023/24"). The guide says each prison is rated 1 (performance of serious concern)
to 4 (outstanding performance) against prisons of its functional group (Reception, Category C
Trainer, Open, Female, Long Term High Security, ...), the measures being weighted into an
overall score. No stored copy of the supplementary tables gives their column labels (searched:
web pages, code and issue corpora, 2026-11-28), so the layout below is built from that
description, in the ODS style MoJ now publishes (title and notes above the header, '[note N]'
markers, GSS symbols). Every label is ASSUMED:

* sheet ``Table_1``, one row per prison: RATINGS_HEADER (Prison, Functional group,
  Performance rating). The rating is printed as its number 1-4.
* sheet ``Table_2``, one row per prison and measure: MEASURES_HEADER (Prison, Functional group,
  Measure, Measure value). The published tables give measure ratings; measure values are in the
  Prison Performance Tool Dashboard. Frontline takes values so that it can rate prisons itself
  (frontline_stats/compare/prison_ratings.py).

Prisons are named, not coded (as the 2015-16 dataset names them): staging matches names to NOMIS
codes. The financial year is in the file name, ``annual_prison_performance_ratings_2023_24.ods``
(or .xlsx). No ratings file ships with Frontline: the sources are optional.
"""

from __future__ import annotations

import re
from pathlib import Path

from orchestration.raw.landing.naming import snake_case
from orchestration.raw.landing.parsed import ParsedFile
from orchestration.raw.landing.synthetic import is_synthetic
from orchestration.raw.parsers.statistics_sheet import (
    financial_year_from_name,
    parse_statistics_sheet,
)

RATINGS_SHEET = "Table_1"
MEASURES_SHEET = "Table_2"
RATINGS_HEADER = ["Prison", "Functional group", "Performance rating"]
MEASURES_HEADER = ["Prison", "Functional group", "Measure", "Measure value"]
# .ods, .xls or .xlsx, never a '<file>.synthetic.json' sidecar (names ending in s or x)
RATINGS_GLOB = "justice/prison_performance_ratings/annual_prison_performance_ratings_*.*[sx]"
FILE_NAME = re.compile(
    r"^annual_prison_performance_ratings_(?P<start>\d{4})_(?P<end>\d{2})\.(ods|xlsx|xls)$"
)
CONTEXT_COLUMNS = ("financial_year", "synthetic_file")
RATINGS_COLUMNS = (*(snake_case(h) for h in RATINGS_HEADER), *CONTEXT_COLUMNS)
MEASURES_COLUMNS = (*(snake_case(h) for h in MEASURES_HEADER), *CONTEXT_COLUMNS)


def file_name(financial_year_start: int, extension: str = "xlsx") -> str:
    end = (financial_year_start + 1) % 100
    return f"annual_prison_performance_ratings_{financial_year_start}_{end:02d}.{extension}"


def _context(path: Path) -> dict[str, str]:
    return {
        "financial_year": financial_year_from_name(path, FILE_NAME),
        "synthetic_file": "true" if is_synthetic(path) else "false",
    }


def parse_ratings(path: Path) -> ParsedFile:
    """Table_1: one row per prison, its functional group and published overall rating."""
    return parse_statistics_sheet(
        path, RATINGS_SHEET, RATINGS_HEADER, label_columns=2, context=_context(path)
    )


def parse_measures(path: Path) -> ParsedFile:
    """Table_2: one row per prison and measure, with the measure's value."""
    return parse_statistics_sheet(
        path, MEASURES_SHEET, MEASURES_HEADER, label_columns=3, context=_context(path)
    )
