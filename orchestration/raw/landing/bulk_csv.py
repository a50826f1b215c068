"""A published-CSV parser that can also land its plain files in bulk with DuckDB's reader.

A source whose files are large and many (data.police.uk street files: ~500,000 rows a month)
declares its parser as a BulkCsvParser. Called on a path, it is the exact reader (the csv module,
row by row: the truth for what a file holds, its rejects and its errors). Landing many files
(land.py's land_files) hands the plain ones (plain_csv.py) of each batch to DuckDB's reader
instead (bulk_landing.py), which gives the same rows, record numbers and values an order of
magnitude faster; a file that is not plain, or whose rows the exact reader would reject or
change, goes to the exact reader.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from orchestration.raw.landing.naming import snake_case
from orchestration.raw.landing.parsed import ParsedFile
from orchestration.raw.landing.shape import normalise_label


@dataclass(frozen=True)
class BulkCsvParser:
    """The exact reader, and what DuckDB's reader needs to land the same rows.

    exact: the parser itself (path in, ParsedFile out).
    headers: the published header, in order; a file with any other header is read exactly.
    context: the constant text columns the exact reader adds from the path (e.g. the file's
        month), in its order; a ShapeError from it sends the file to the exact reader.
    batch: which files land together, in one transaction (e.g. a month).
    kept_sql: a DuckDB condition over the columns (snake_case) and the context columns that is
        true only for a row the exact reader keeps as published. A file with a row where it is
        not true is read exactly (which rejects the row, or keeps it: the condition may be
        stricter than the exact reader's checks, never looser).
    """

    exact: Callable[[Path], ParsedFile]
    headers: Sequence[str]
    context: Callable[[Path], dict[str, str]]
    batch: Callable[[Path], str]
    kept_sql: str

    def __call__(self, path: Path) -> ParsedFile:
        return self.exact(path)

    @property
    def columns(self) -> list[str]:
        return [snake_case(normalise_label(header)) for header in self.headers]
