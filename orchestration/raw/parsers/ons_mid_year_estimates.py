"""ONS mid-year population estimates workbook (LAD 2023 boundaries): sheets MYE2, MYE4, MYE5.

Every table sheet of the workbook has the same layout: rows 1-7 are the title and feedback
links, the header is on row 8, and data follow directly below it. The first three columns are
Code, Name and Geography (text); every other column is a number. Only the header differs:

- MYE4: Mid-2023 .. Mid-2011 (population summary).
- MYE2 - Persons: All ages, then single years of age 0 .. 89 and 90+ (mid-2023).
- MYE5: Area (sq km), then for each year mid-2023 .. mid-2011 the estimated population and the
  people per sq. km. ONS labels the 2022 density column '2022 people per sq. km2' (as printed).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from orchestration.raw.landing.naming import snake_case
from orchestration.raw.landing.parsed import ParsedFile
from orchestration.raw.parsers.table_sheet import parse_table

HEADER_ROW = 8
TEXT_HEADERS = ["Code", "Name", "Geography"]

MYE4_HEADERS = [*TEXT_HEADERS, *(f"Mid-{year}" for year in range(2023, 2010, -1))]
MYE2_PERSONS_HEADERS = [*TEXT_HEADERS, "All ages", *(str(age) for age in range(90)), "90+"]
MYE5_HEADERS = [
    *TEXT_HEADERS,
    "Area (sq km)",
    *(
        label
        for year in range(2023, 2010, -1)
        for label in (
            f"Estimated Population mid-{year}",
            f"{year} people per sq. km" + ("2" if year == 2022 else ""),
        )
    ),
]
# kept for callers of the MYE4-only module this generalises
HEADERS = MYE4_HEADERS
COLUMNS = [snake_case(h) for h in MYE4_HEADERS]


def parse_sheet(path: Path, sheet_name: str, headers: Sequence[str]) -> ParsedFile:
    """Read one MYE table sheet: header on row 8 equal to `headers`, numbers after column 3.

    Columns are the headers in snake_case ('Mid-2023' -> mid_2023, 'All ages' -> all_ages,
    '90+' -> 90). A row with a non-numeric measure goes to rejects with the cell as printed.
    """
    return parse_table(
        path, sheet_name, headers, header_row=HEADER_ROW, text_columns=len(TEXT_HEADERS)
    )


def sheet_parser(sheet_name: str, headers: Sequence[str]) -> Callable[[Path], ParsedFile]:
    """A `parse(path)` bound to one sheet and its declared header, for the catalog."""

    def parse_declared(path: Path) -> ParsedFile:
        return parse_sheet(path, sheet_name, headers)

    return parse_declared


parse_mye4 = sheet_parser("MYE4", MYE4_HEADERS)
parse_mye2_persons = sheet_parser("MYE2 - Persons", MYE2_PERSONS_HEADERS)
parse_mye5 = sheet_parser("MYE5", MYE5_HEADERS)
parse = parse_mye4
