"""Published CSV files (ONS, DfE, mySociety geography lookups): one raw table per file.

Columns are the published headers in lower snake_case. The expected headers of each file are
declared in the catalog, so a re-issued file with a renamed or moved column is a ShapeError.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from orchestration.raw.landing.csvfile import read_records
from orchestration.raw.landing.naming import snake_case
from orchestration.raw.landing.parsed import ParsedFile, RejectLog, rows_frame
from orchestration.raw.landing.shape import check_header, normalise_label, shape_error

# Extra per-row checks a format may add: (row_number, values by column, rejects) -> None.
RowCheck = Callable[[int, dict[str, str], RejectLog], None]
TRAILING_VALUE = "value under a trailing column outside the published header"


def parse(
    path: Path,
    expected: Sequence[str],
    row_check: RowCheck | None = None,
    context: dict[str, str] | None = None,
    delimiter: str = ",",
    export_tail: Sequence[str] = (),
) -> ParsedFile:
    """Read `path`, check its header equals `expected`, and return its rows as text.

    A trailing column with an empty header (a stray delimiter at the end of the header line) is
    dropped when all its values are empty; a row with a value there is rejected. `export_tail`
    declares named columns a spreadsheet export appended after the published ones, dropped and
    checked the same way when the header ends with them. A row with the wrong number of fields is
    rejected. `context` adds constant columns (e.g. the file's month). `delimiter` "\t" reads a
    tab-separated file.
    """
    header, records = read_records(path, delimiter)
    found = [normalise_label(h) for h in header]
    tail = [normalise_label(h) for h in export_tail]
    trailing = 0
    if tail and len(found) == len(expected) + len(tail) and found[len(expected) :] == tail:
        del found[len(expected) :]
        trailing = len(tail)
    while found and found[-1] == "" and len(found) > len(expected):
        found.pop()
        trailing += 1
    check_header(path.name, None, expected, found)
    columns = [snake_case(h) for h in found]
    if len(set(columns)) != len(columns):
        raise shape_error(path.name, None, f"headers give duplicate column names: {columns}")

    width = len(found) + trailing
    context = context or {}
    rejects = RejectLog()
    kept: list[list[object]] = []
    for number, fields in records:
        if not fields:
            continue  # a blank line is layout, not a record
        if len(fields) != width:
            reason = f"{len(fields)} fields where the header has {width}"
            rejects.add(number, None, ",".join(fields), reason)
            continue
        extra = [f for f in fields[len(found) :] if f != ""]
        if extra:
            rejects.add(number, None, ",".join(extra), TRAILING_VALUE)
            continue
        values = dict(zip(columns, fields, strict=False))
        if row_check is not None:
            row_check(number, values, rejects)
            if number in rejects.rows:
                continue
        kept.append([*fields[: len(found)], *context.values(), number])

    frame = rows_frame(kept, [*columns, *context.keys(), "_row_number"])
    return ParsedFile(sheet=None, rows=frame, rejects=rejects.frame())


def parser_for(expected: Sequence[str], delimiter: str = ",") -> Callable[[Path], ParsedFile]:
    """A `parse(path)` bound to one file's declared headers (and delimiter), for the catalog."""

    def parse_declared(path: Path) -> ParsedFile:
        return parse(path, expected, delimiter=delimiter)

    return parse_declared
