"""The load log (raw._load_log): which bytes of which file each raw table holds, landed by which
loader. Both landing paths (land.py's exact reader, bulk_landing.py's DuckDB reader) read it to
skip a file already landed and to know whether a file has earlier rows to replace: a file with no
log entry has no rows, rejects or entry anywhere in raw (they are written and removed together,
in one transaction), so landing it deletes nothing and scans no table.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from orchestration.raw.landing.raw_schema import SCHEMA

# What lands from a file depends on its bytes and on the parsers. Bump this when a parser change
# alters the rows or rejects a file gives, so that files logged by an older loader land again
# once instead of being skipped with stale rows and rejects. 2: the RS count row is skipped, not
# rejected; rows_rejected counts rows, not problem cells. (DuckDB's reader for plain street
# files, bulk_landing.py, lands exactly the rows the exact reader lands: no bump.)
LOADER_VERSION = 2


@dataclass(frozen=True)
class LandingResult:
    raw_table: str
    source_file: str
    sha256: str
    rows_landed: int
    rows_rejected: int
    skipped: bool
    synthetic: bool = False


@dataclass(frozen=True)
class LogEntry:
    """A file's entry in the load log."""

    sha256: str
    synthetic: bool
    loader_version: int | None
    rows_landed: int
    rows_rejected: int

    def holds(self, sha256: str, synthetic: bool) -> bool:
        """These bytes, landed by this loader, with the same synthetic label: nothing to do."""
        return (self.sha256, self.synthetic, self.loader_version) == (
            sha256,
            synthetic,
            LOADER_VERSION,
        )

    def skipped(self, raw_table: str, source_file: str) -> LandingResult:
        return LandingResult(
            raw_table,
            source_file,
            self.sha256,
            self.rows_landed,
            self.rows_rejected,
            skipped=True,
            synthetic=self.synthetic,
        )


def logged_files(con: duckdb.DuckDBPyConnection, raw_table: str) -> dict[str, LogEntry]:
    """Every file the load log holds for `raw_table`, by its path in the data folder."""
    rows = con.execute(
        f"select source_file, sha256, synthetic, loader_version, rows_landed, rows_rejected"
        f" from {SCHEMA}._load_log where raw_table = ?",
        [raw_table],
    ).fetchall()
    return {file: LogEntry(*entry) for file, *entry in rows}
