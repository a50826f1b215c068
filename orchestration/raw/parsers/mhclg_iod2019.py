"""English indices of deprivation 2019, File 10: local authority district summaries (lower tier).

One sheet per index or domain (IMD, Income, Employment, Education, Health, Crime, Barriers,
Living, IDACI, IDAOPI). Each has its header on row 1 and one row per 2019 local authority district
(E06/E07/E08/E09; 317 rows) below it, with no footer. The first two columns are the district code
and name; every other column is a number (ranks: 1 = most deprived). The sheets differ in their
columns: IMD adds extent and local concentration, Income and Employment add the scale (number of
deprived people). MHCLG's headers end in a space ('IMD - Average rank '); the shape check ignores
surrounding whitespace and the raw columns are the headers in snake_case.

Each sheet lands in its own raw table (see the catalog): its columns, its header check and its
`_sheet` lineage stay exactly as published.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from orchestration.raw.landing.parsed import ParsedFile
from orchestration.raw.parsers.table_sheet import parse_table

HEADER_ROW = 1
CODE_HEADERS = ["Local Authority District code (2019)", "Local Authority District name (2019)"]


def _summary_headers(domain: str, trailing: str = " ") -> list[str]:
    """The six columns every sheet publishes, as MHCLG labels them (trailing space included)."""
    return [
        f"{domain} - Average rank ",
        f"{domain} - Rank of average rank ",
        f"{domain} - Average score ",
        f"{domain} - Rank of average score ",
        f"{domain} - Proportion of LSOAs in most deprived 10% nationally{trailing}",
        f"{domain} - Rank of proportion of LSOAs in most deprived 10% nationally{trailing}",
    ]


# sheet name -> (raw table suffix, published header of row 1)
SHEETS: dict[str, tuple[str, list[str]]] = {
    "IMD": (
        "imd",
        [
            *CODE_HEADERS,
            *_summary_headers("IMD"),
            "IMD 2019 - Extent ",
            "IMD 2019 - Rank of extent ",
            "IMD 2019 - Local concentration ",
            "IMD 2019 - Rank of local concentration ",
        ],
    ),
    "Income": (
        "income",
        [*CODE_HEADERS, *_summary_headers("Income"), "Income scale", "Rank of Income Scale"],
    ),
    "Employment": (
        "employment",
        [
            *CODE_HEADERS,
            *_summary_headers("Employment"),
            "Employment scale ",
            "Rank of Employment Scale",
        ],
    ),
    "Education": (
        "education",
        [*CODE_HEADERS, *_summary_headers("Education, Skills and Training", trailing="")],
    ),
    "Health": ("health", [*CODE_HEADERS, *_summary_headers("Health Deprivation and Disability")]),
    "Crime": ("crime", [*CODE_HEADERS, *_summary_headers("Crime")]),
    "Barriers": (
        "barriers",
        [*CODE_HEADERS, *_summary_headers("Barriers to Housing and Services")],
    ),
    "Living": ("living", [*CODE_HEADERS, *_summary_headers("Living Environment")]),
    "IDACI": ("idaci", [*CODE_HEADERS, *_summary_headers("IDACI")]),
    "IDAOPI": ("idaopi", [*CODE_HEADERS, *_summary_headers("IDAOPI")]),
}


def parse_sheet(path: Path, sheet_name: str, headers: Sequence[str]) -> ParsedFile:
    """Read one File 10 sheet: header on row 1 equal to `headers`, numbers after column 2."""
    return parse_table(
        path, sheet_name, headers, header_row=HEADER_ROW, text_columns=len(CODE_HEADERS)
    )


def sheet_parser(sheet_name: str) -> Callable[[Path], ParsedFile]:
    """A `parse(path)` bound to one sheet of File 10 and its declared header, for the catalog."""
    headers = SHEETS[sheet_name][1]

    def parse_declared(path: Path) -> ParsedFile:
        return parse_sheet(path, sheet_name, headers)

    return parse_declared
