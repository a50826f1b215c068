"""Land a batch of plain CSV files (e.g. one month of street files) with DuckDB's own reader.

The exact reader parses row by row in Python (about 50,000 rows a second); DuckDB's reader lands
street files at about 400,000-650,000 rows a second on two cores (benchmarks/scale.py: 0.6-0.9 of
DuckDB's own `create table as select * from read_csv` of the same files, which keeps no lineage
and checks nothing). This lands exactly the rows the exact reader would, with the same lineage,
and leaves every file it cannot vouch for to the exact reader (land.py), so each guarantee of the
exact path holds: shape check, rejects with their reasons and record numbers, one-line errors,
idempotence by checksum, one transaction.

For one batch (the files a BulkCsvParser groups together):

1. `screen_batch` reads each file once in Python for its sha256 (a file the load log holds with
   these bytes, by this loader, is skipped) and to see whether it is plain (plain_csv.py: it then
   reads the same in DuckDB's reader as in the csv module, record for line), or takes the layout
   from a scan of the file made just before (file_scan.py: the drop folder's). A file that is not
   plain, not a readable file, or not named as the parser requires is left to the exact reader.
   Screening touches no database: it runs while other batches are inserted (land.py).
2. `land_screened`, in one transaction: the earlier rows of files the load log held with other
   bytes are removed (only those: a new file scans no table); one INSERT reads the plain files
   with read_csv and numbers their rows WITH ORDINALITY (the files' rows in list order, each
   file's in line order, so a row's record number is its ordinal less the file's first, plus 2
   for the header; DuckDB numbers them on one thread, so land.py lands batches side by side);
   each file gets its load-log entry.
3. The INSERT stops on the first row that is not as the exact reader would land it: a row that
   fails the parser's kept_sql (one the exact reader would reject), or whose ordinal falls
   outside its file's lines (DuckDB read some file's lines as more or fewer rows), as does
   DuckDB on a line it cannot read. The transaction is then rolled back and each file is tried
   alone; a file that still fails is left to the exact reader, which rejects or refuses it with
   its reasons.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pandas as pd

from orchestration.raw.landing.data_files import (
    as_found,
    check_is_a_file,
    file_sha256,
    relative_source_file,
)
from orchestration.raw.landing.file_scan import FileScan, scan_file
from orchestration.raw.landing.load_log import LOADER_VERSION, LandingResult, LogEntry
from orchestration.raw.landing.raw_schema import (
    LINEAGE_TYPES,
    SCHEMA,
    ensure_table,
    remove_file_rows,
)
from orchestration.raw.landing.shape import ShapeError
from orchestration.raw.landing.synthetic import is_synthetic

if TYPE_CHECKING:
    from orchestration.raw.landing.bulk_csv import BulkCsvParser
    from orchestration.raw.landing.source import Source

FILES = "_bulk_files"  # the batch's files, registered for the INSERT
_GLOB_CHARACTERS = "*?[{"  # read_csv would expand a path holding one


@dataclass(frozen=True)
class PlainFile:
    """A screened file for DuckDB's reader: its lineage, context columns and record count."""

    path: Path
    source_file: str
    sha256: str
    synthetic: bool
    context: dict[str, str]
    records: int
    landed_before: bool  # the load log holds other bytes of it: its rows are replaced


@dataclass
class ScreenedBatch:
    """A batch sorted out: files skipped (their results), plain ones, and the exact reader's."""

    paths: list[Path]
    skipped: dict[Path, LandingResult] = field(default_factory=dict)
    plain: list[PlainFile] = field(default_factory=list)
    exact: list[Path] = field(default_factory=list)


@dataclass
class BatchOutcome:
    results: dict[Path, LandingResult]  # landed or skipped
    exact: list[Path]  # left to the exact reader, in the batch's order


class _NotAsRead(Exception):
    """DuckDB did not read the files as the exact reader would: roll back, try them alone."""


def screen_batch(
    source: Source,
    parser: BulkCsvParser,
    paths: list[Path],
    data_dir: Path,
    logged: dict[str, LogEntry],
    claim: Callable[[str], bool],
    scans: Mapping[Path, FileScan],
) -> ScreenedBatch:
    """Sort the batch's files. `claim(source_file)` is true the first time a data-folder path is
    claimed in this landing, so a file reached twice (through a link) is landed once, by its
    first path; `scans` are reads of the files made just before (file_scan.py), used while
    still true."""
    batch = ScreenedBatch(paths)
    for path in paths:
        found = _screen(source, parser, path, data_dir, logged, claim, scans.get(path))
        if isinstance(found, LandingResult):
            batch.skipped[path] = found
        elif found is None:
            batch.exact.append(path)
        else:
            batch.plain.append(found)
    return batch


def _screen(
    source: Source,
    parser: BulkCsvParser,
    path: Path,
    data_dir: Path,
    logged: dict[str, LogEntry],
    claim: Callable[[str], bool],
    scan: FileScan | None,
) -> PlainFile | LandingResult | None:
    """A skipped file's result, a plain file to land, or None: the exact reader's file."""
    if any(character in str(path) for character in _GLOB_CHARACTERS):
        return None
    try:
        check_is_a_file(path, as_found(path, data_dir))
        source_file = relative_source_file(path, data_dir)
        context = parser.context(path)
        if scan is None or not scan.still_describes(path, parser.headers):
            scan, _ = scan_file(path, parser.headers)
        if scan is None or not claim(source_file):  # changed while read, or reached twice
            return None
        sha256 = scan.sha256 or file_sha256(path)
    except (ShapeError, OSError):
        return None
    synthetic = is_synthetic(path)
    entry = logged.get(source_file)
    if entry is not None and entry.holds(sha256, synthetic):
        return entry.skipped(source.raw_table, source_file)
    if scan.records is None:
        return None
    return PlainFile(path, source_file, sha256, synthetic, context, scan.records, entry is not None)


def land_screened(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    parser: BulkCsvParser,
    batch: ScreenedBatch,
    loaded_at: dt.datetime,
) -> BatchOutcome:
    """Land the batch's plain files; the files left to the exact reader are returned."""
    landed = _land_plain(con, source, parser, batch.plain, loaded_at)
    left = set(batch.exact) | {file.path for file in batch.plain if file.path not in landed}
    return BatchOutcome(batch.skipped | landed, [path for path in batch.paths if path in left])


def _land_plain(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    parser: BulkCsvParser,
    files: list[PlainFile],
    loaded_at: dt.datetime,
) -> dict[Path, LandingResult]:
    """Land the files as DuckDB reads them; a file missing from the result is left to the
    exact reader."""
    if not files:
        return {}
    try:
        _insert(con, source, parser, files, loaded_at)
    except _NotAsRead:
        if len(files) == 1:
            return {}
        landed: dict[Path, LandingResult] = {}
        for file in files:  # the others still land through DuckDB, one transaction each
            landed |= _land_plain(con, source, parser, [file], loaded_at)
        return landed
    return {
        file.path: LandingResult(
            source.raw_table,
            file.source_file,
            file.sha256,
            file.records,
            0,
            skipped=False,
            synthetic=file.synthetic,
        )
        for file in files
    }


def _insert(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    parser: BulkCsvParser,
    files: list[PlainFile],
    loaded_at: dt.datetime,
) -> None:
    """One transaction: earlier rows of re-issued files out, the rows and log entries in."""
    table = source.raw_table
    context = list(files[0].context)
    types = {column: "VARCHAR" for column in [*parser.columns, *context]} | LINEAGE_TYPES
    con.register(FILES, _files_frame(files, context))
    con.begin()
    try:
        ensure_table(con, table, types, files[0].source_file)
        for file in files:
            if file.landed_before:
                remove_file_rows(con, table, file.source_file)
        try:
            [(inserted,)] = con.execute(
                _insert_sql(table, parser, context),
                {"files": [str(file.path) for file in files], "loaded_at": loaded_at},
            ).fetchall()
        except duckdb.Error as error:
            raise _NotAsRead(str(error)) from error
        if inserted != sum(file.records for file in files):
            raise _NotAsRead(f"{inserted} rows read")
        con.execute(
            f"insert into {SCHEMA}._load_log (raw_table, source_file, sha256, sheet, rows_landed,"
            " rows_rejected, loaded_at, synthetic, loader_version)"
            f" select ?, source_file, sha256, null, records, 0, ?, synthetic, ? from {FILES}"
            " order by source_file",
            [table, loaded_at, LOADER_VERSION],
        )
        con.commit()
    except BaseException:
        con.rollback()
        raise
    finally:
        con.unregister(FILES)


def _files_frame(files: list[PlainFile], context: list[str]) -> pd.DataFrame:
    """The files in read order, each with its first and last ordinal in read_csv's output."""
    records = [file.records for file in files]
    firsts = [1 + before for before in itertools.accumulate([0, *records[:-1]])]
    lasts = [first + count - 1 for first, count in zip(firsts, records, strict=True)]
    return pd.DataFrame(
        {
            "_file": [str(file.path) for file in files],
            "source_file": [file.source_file for file in files],
            "sha256": [file.sha256 for file in files],
            "synthetic": [file.synthetic for file in files],
            "records": records,
            "first_ordinal": firsts,
            "last_ordinal": lasts,
        }
        | {column: [file.context[column] for file in files] for column in context}
    )


def _insert_sql(table: str, parser: BulkCsvParser, context: list[str]) -> str:
    """INSERT ... SELECT from read_csv over $files, loaded at $loaded_at."""
    columns = parser.columns
    published = ", ".join(f's."{column}"' for column in columns)
    added = "".join(f', f."{column}"' for column in context)
    types = ", ".join(f"'{column}': 'VARCHAR'" for column in columns)
    # every option spelled out: nothing is sniffed, so every file is read the same way; empty
    # fields stay '' as the exact reader lands them (force_not_null); a short row is an error
    reader = (
        f"read_csv($files, columns = {{{types}}}, header = true, auto_detect = false, delim = ',', "
        "quote = '\"', escape = '\"', strict_mode = true, null_padding = false, "
        f"force_not_null = {columns!r}, filename = true)"
    )
    return (
        f'insert into {SCHEMA}."{table}" by name '
        f"select {published}{added}, f.source_file as _source_file, "
        "cast(null as varchar) as _sheet, f.sha256 as _sha256, "
        f"cast(case when coalesce(({parser.kept_sql}), false) "
        "and s.ordinality between f.first_ordinal and f.last_ordinal "
        "then s.ordinality - f.first_ordinal + 2 "
        "else error('a row not as the exact reader lands it') end as integer) as _row_number, "
        "cast($loaded_at as timestamp) as _loaded_at "
        f"from {reader} with ordinality as s join {FILES} as f on s.filename = f._file"
    )
