"""Read a published CSV (or tab-separated file) exactly as shipped: every field as text, BOM
removed, no type guessing."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path


def read_records(
    path: Path, delimiter: str = ","
) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The header fields and an iterator of (row_number, fields), header being row 1.

    The csv module (not pandas) so that a record with the wrong number of fields reaches the
    caller, who sends it to rejects instead of pandas dropping or padding it. `delimiter` is
    "\t" for tab-separated files (the GOV.UK register TSVs), which have no quoting.
    """
    handle = path.open(newline="", encoding="utf-8-sig")
    if delimiter == "\t":
        # register TSVs do not quote: a '"' is a character of the value, never a quote
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
    else:
        reader = csv.reader(handle, delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        handle.close()
        return [], iter(())

    def records() -> Iterator[tuple[int, list[str]]]:
        with handle:
            yield from enumerate(reader, start=2)

    return header, records()
