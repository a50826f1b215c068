"""What a raw source is: where its files are, how to read them, and its provenance.

One declaration per source, in the catalog (orchestration/raw/catalog/): the Dagster loader asset,
the dbt sources YAML (models/staging/<publisher_key>/_<publisher_key>__sources.yml, generated
from the catalog) and the release manifest all read it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from orchestration.raw.landing.parsed import ParsedFile

OGL = "Open Government Licence v3.0"
CC_BY = "CC BY 4.0"


@dataclass(frozen=True)
class Source:
    name: str  # asset key ["raw", name]
    raw_table: str  # table in schema raw
    glob: str  # relative to the data folder
    parser: Callable[[Path], ParsedFile]  # the loader: one file in, its rows and rejects out
    description: str  # what a row is and what the table holds (the dbt source's description)
    publisher: str  # as credited in the release manifest
    title: str  # the publication's title
    licence: str
    # The staging folder models/staging/<publisher_key>/ whose models read the table; its
    # sources YAML is generated there.
    publisher_key: str
    layout: str  # how the published file is laid out (format, sheet, header), in a few words
    # The publisher's page for the publication (where a reader finds it and later editions), and
    # when the edition loaded was published (ISO 8601 date or year-month) where one is known;
    # both reach the release manifest's sources and its DCAT catalogue.
    url: str = ""
    published: str | None = None
    partitioned_by_month: bool = False
    # Files that may be absent (e.g. trust-level cost schedules a user drops in): with none the
    # run goes on and the raw table exists with `empty_columns` (the parser's columns), no rows.
    optional: bool = False
    empty_columns: tuple[str, ...] = ()
    # Rows a load may reject before the blocking check `rejects_within_threshold` fails and
    # publication stops. Zero: an official statistics table has no row to lose. A source that
    # allows more says why beside the number.
    max_rejected_rows: int = 0
    # Data rows (landed + rejected) of a fixed edition (a named code list or lookup, e.g. every
    # 2023 district): any other count is a LoadError, so a truncated copy cannot land in part.
    expected_rows: int | None = None
    # Columns whose values say which edition (period) a file is, e.g. Table P1's year_ending:
    # a second file with the same values is a LoadError naming the file that holds them, so one
    # period shipped twice under two names is refused before it can be counted twice.
    edition_columns: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.optional and not self.empty_columns:
            raise ValueError(f"optional source {self.name} must declare its empty_columns")
        if self.max_rejected_rows < 0:
            raise ValueError(f"source {self.name}: max_rejected_rows must not be negative")

    def files(self, data_dir: Path) -> list[Path]:
        return sorted(data_dir.glob(self.glob))
