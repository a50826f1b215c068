"""ONS 'Police force area data tables' workbooks (Crime in England and Wales), as published.

Two tables are read from these workbooks, each a source of its own:
- Table P1, police recorded crime by offence group and police force area (every edition);
- Table P9, mid-year population estimates by police force area (year ending March 2018 only).

Layout of Table P1: A1 title ending in the period ('year ending December 20191,2' = Dec 2019 with
footnotes 1 and 2), A3 coverage, row 4 group labels (C4 holds the total), row 5 labels with
footnote digits glued on, row 6 'Numbers', data from row 7 to the row before 'Source: ...'.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from pathlib import Path

from orchestration.raw.landing.cells import cell_text, is_blank_row, is_number
from orchestration.raw.landing.parsed import ParsedFile, RejectLog, rows_frame
from orchestration.raw.landing.shape import header_mismatch, normalise_label, shape_error
from orchestration.raw.landing.workbook import read_sheet, source_row_index

NOT_AVAILABLE = ".."

# Published label (footnotes stripped, lower case) -> raw column. Older and newer editions name
# some groups differently; every spelling seen or documented by ONS is listed here, and a label
# not listed stops the load, so a new offence group is never landed under the wrong column.
P1_LABELS: dict[str, str] = {
    "total recorded crime (excluding fraud)": "total_recorded_crime_excluding_fraud",
    "violence against the person": "violence_against_the_person",
    "homicide": "homicide",
    "violence with injury": "violence_with_injury",
    "violence without injury": "violence_without_injury",
    "stalking and harassment": "stalking_and_harassment",
    "death or serious injury - unlawful driving": "death_or_serious_injury_unlawful_driving",
    "sexual offences": "sexual_offences",
    "robbery": "robbery",
    "theft offences": "theft_offences",
    "burglary": "burglary",
    "residential burglary": "residential_burglary",
    "domestic burglary": "residential_burglary",  # name used before the year ending March 2018
    "non-residential burglary": "non_residential_burglary",
    "non-domestic burglary": "non_residential_burglary",  # as above
    "vehicle offences": "vehicle_offences",
    "theft from the person": "theft_from_the_person",
    "bicycle theft": "bicycle_theft",
    "shoplifting": "shoplifting",
    "other theft offences": "other_theft_offences",
    "all other theft offences": "other_theft_offences",  # older editions
    "criminal damage and arson": "criminal_damage_and_arson",
    "drug offences": "drug_offences",
    "possession of weapons offences": "possession_of_weapons_offences",
    "public order offences": "public_order_offences",
    "miscellaneous crimes": "miscellaneous_crimes_against_society",
    "miscellaneous crimes against society": "miscellaneous_crimes_against_society",
}
P1_OFFENCE_COLUMNS: list[str] = list(dict.fromkeys(P1_LABELS.values()))
P1_COLUMNS = ["year_ending", "coverage_note", "area_code", "area_name", *P1_OFFENCE_COLUMNS]

P9_YEARS = list(range(2002, 2017))
P9_HEADERS = ["Area Code", "Area Name", *(str(y) for y in P9_YEARS)]
P9_COLUMNS = ["area_code", "area_name", *(f"mid_{y}" for y in P9_YEARS)]

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
_PERIOD = re.compile(r"year ending\s+(?P<month>[A-Za-z]+)\s+(?P<digits>\d+)", re.IGNORECASE)


def year_ending_from_title(title: str, file: str, sheet: str) -> dt.date:
    """Last day of the period in an ONS title; the year has footnote digits glued on.

    'December 20191,2' -> 2019-12-31 (footnote 1), 'June 181,2' -> 2018-06-30 (two-digit year,
    footnote 1). A first number of four or more digits starting '20' is a four-digit year.
    """
    match = _PERIOD.search(title)
    month = _MONTHS.get(match["month"].lower()) if match else None
    if match is None or month is None:
        raise shape_error(file, sheet, f"no 'year ending <month> <year>' in title {title!r}")
    digits = match["digits"]
    year = (
        int(digits[:4]) if len(digits) >= 4 and digits.startswith("20") else 2000 + int(digits[:2])
    )
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _p1_layout(rows: list[list[object]], file: str, sheet: str) -> dict[int, str]:
    """Sheet column index -> raw column for Area Code, Area Name and the offence groups."""
    groups, labels = rows[3], rows[4]
    found: list[str] = []
    layout: dict[int, str] = {}
    unknown: list[str] = []
    for index, label in enumerate(labels):
        # C5 is blank: the total's label sits in the group row above it (C4).
        text = normalise_label(label) or (normalise_label(groups[index]) if index > 1 else "")
        if text == "":
            continue  # spacer column
        found.append(text)
        key = normalise_label(text, strip_footnotes=True).lower()
        if index == 0 and key == "area code":
            layout[index] = "area_code"
        elif index == 1 and key == "area name":
            layout[index] = "area_name"
        elif key in P1_LABELS:
            layout[index] = P1_LABELS[key]
        else:
            unknown.append(text)
    mapped = list(layout.values())
    expected = ["area_code", "area_name", *P1_OFFENCE_COLUMNS]
    if unknown or sorted(mapped) != sorted(expected):
        missing = [c for c in expected if c not in mapped]
        raise shape_error(
            file,
            sheet,
            f"header mismatch: expected columns {expected}, found labels {found} "
            f"(missing {missing}; unexpected {unknown})",
        )
    return layout


def parse_p1(path: Path) -> ParsedFile:
    """Table P1 of one workbook: one row per area, offence counts as published text."""
    sheet, rows = read_sheet(path, "Table P1")
    if len(rows) < 7:
        raise shape_error(
            path.name, sheet, f"expected a title, header and data, found {len(rows)} rows"
        )
    year_ending = year_ending_from_title(cell_text(rows[0][0]), path.name, sheet)
    coverage_note = cell_text(rows[2][0])
    layout = _p1_layout(rows, path.name, sheet)
    end = source_row_index(rows, 6, path.name, sheet)

    rejects = RejectLog()
    kept: list[list[object]] = []
    printed: list[tuple[int, dict[str, str]]] = []  # every data row, rejected or not
    for index in range(6, end):
        cells, number = rows[index], index + 1
        if is_blank_row(cells):
            continue
        values: dict[str, str] = {}
        printed.append((number, values))
        for col, cell in enumerate(cells):
            text = cell_text(cell)
            column = layout.get(col)
            if column is None:
                # Dec 2019 fills Greater Manchester's row with '..' across the spacer too.
                if text.strip() not in ("", NOT_AVAILABLE):
                    rejects.add(number, None, text, f"value in unlabelled spacer column {col + 1}")
                continue
            if column not in ("area_code", "area_name") and not (
                is_number(cell) or text == NOT_AVAILABLE
            ):
                rejects.add(number, column, text, "neither a number nor '..'")
            values[column] = text
        if number in rejects.rows:
            continue
        kept.append([year_ending, coverage_note, *(values[c] for c in P1_COLUMNS[2:]), number])

    check_p1_totals(printed, rejects.rows, path.name, sheet)
    frame = rows_frame(kept, [*P1_COLUMNS, "_row_number"])
    return ParsedFile(sheet, frame, rejects.frame(), column_types={"year_ending": "DATE"})


def _p1_groups(codes: list[str], file: str, sheet: str) -> list[tuple[int, list[int]]]:
    """(total's index, its parts' indexes) in `codes` for every total Table P1 prints.

    England and Wales (K04) = England (E92) + Wales (W92) + the uncoded row (British Transport
    Police); England = its regions (E12); each region, and Wales, = the forces listed under it
    (E23, W15).
    """
    prefixes = [code[:3] for code in codes]
    for prefix, name in (("K04", "England and Wales"), ("E92", "England"), ("W92", "Wales")):
        if prefixes.count(prefix) != 1:
            raise shape_error(
                file,
                sheet,
                f"expected one {name} row (area code {prefix}...) to reconcile totals, found "
                f"{prefixes.count(prefix)}",
            )
    uncoded = [i for i, code in enumerate(codes) if code == ""]
    groups = [(prefixes.index("K04"), [prefixes.index("E92"), prefixes.index("W92"), *uncoded])]
    groups.append((prefixes.index("E92"), [i for i, p in enumerate(prefixes) if p == "E12"]))
    for index, prefix in enumerate(prefixes):
        if prefix in ("E12", "W92"):
            parts = []
            for after in range(index + 1, len(prefixes)):
                if prefixes[after] not in ("E23", "W15"):
                    break
                parts.append(after)
            groups.append((index, parts))
    return groups


def check_p1_totals(
    printed: list[tuple[int, dict[str, str]]], rejected: set[int], file: str, sheet: str
) -> None:
    """Every total in Table P1 must equal the sum of its parts, in every offence column.

    `printed` is every data row as (sheet row, values by column). ONS prints England and Wales,
    England, Wales and each region beside the forces they sum; '..' (a force that could not
    supply data) counts as 0 because ONS leaves it out of the totals (Greater Manchester, year
    ending December 2019). Exact in all eight shipped editions. A total with a rejected row
    among it and its parts is not checked: the reject already blocks publication.
    """
    codes = [values["area_code"].strip() for _, values in printed]
    numbers = [number for number, _ in printed]
    problems: list[str] = []
    for total, parts in _p1_groups(codes, file, sheet):
        if any(numbers[i] in rejected for i in (total, *parts)):
            continue
        name = normalise_label(printed[total][1]["area_name"], strip_footnotes=True)
        for column in P1_OFFENCE_COLUMNS:
            values = [_count(printed[i][1][column]) for i in (total, *parts)]
            if abs(values[0] - sum(values[1:])) > 0.5:
                problems.append(
                    f"column {column}, row {numbers[total]} ({name}) prints "
                    f"{cell_text(values[0])}, rows {_rows_text([numbers[i] for i in parts])} "
                    f"sum to {cell_text(float(sum(values[1:])))}"
                )
    if problems:
        raise shape_error(
            file,
            sheet,
            f"totals do not add up in {len(problems)} cell(s), expected each total to equal "
            f"the sum of its parts; first: {problems[0]}",
        )


def _rows_text(numbers: list[int]) -> str:
    """'10-12' for consecutive sheet rows, '8, 57, 62' otherwise ('none' for no rows)."""
    if not numbers:
        return "(none)"
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"{numbers[0]}-{numbers[-1]}"
    return ", ".join(map(str, numbers))


def _count(text: str) -> float:
    return 0.0 if text.strip() == NOT_AVAILABLE else float(text)


def parse_p9(path: Path) -> ParsedFile:
    """Table P9: mid-year population by police force area, 2002 to 2016 (header on row 5)."""
    sheet, rows = read_sheet(path, "Table P9")
    if len(rows) < 6:
        raise shape_error(path.name, sheet, f"expected a header on row 5, found {len(rows)} rows")
    found = [normalise_label(cell_text(c)) for c in rows[4]]
    if found != P9_HEADERS:
        raise header_mismatch(path.name, sheet, P9_HEADERS, found)
    end = source_row_index(rows, 5, path.name, sheet)

    rejects = RejectLog()
    kept: list[list[object]] = []
    for index in range(5, end):
        cells, number = rows[index], index + 1
        if is_blank_row(cells):
            continue
        texts = [cell_text(c) for c in cells]
        for column, cell, text in zip(P9_COLUMNS[2:], cells[2:], texts[2:], strict=True):
            if not (is_number(cell) or text == NOT_AVAILABLE):
                rejects.add(number, column, text, "neither a number nor '..'")
        if number not in rejects.rows:
            kept.append([*texts, number])
    return ParsedFile(sheet, rows_frame(kept, [*P9_COLUMNS, "_row_number"]), rejects.frame())
