"""Land parsed files into DuckDB schema `raw`, with lineage, rejects and a load log.

Rules: the same bytes loaded twice by the same loader (LOADER_VERSION) change nothing (the log
says the file is there); changed bytes, or a newer loader, replace that file's earlier rows
(found from the load log: a file it does not hold has none, and nothing is scanned for them);
everything for one file happens in one transaction, so a failure leaves the table as it was.
A source whose parser is a BulkCsvParser (street files) lands its plain files a batch (a month)
at a time, in one transaction per batch, with DuckDB's reader (bulk_landing.py), and any other
file of it with the exact reader, as every other source does: the same rows, either way. Its
batches land side by side, as many as DuckDB has threads (at most MAX_BATCHES_AT_ONCE), each on
a cursor of its own, since DuckDB numbers a batch's rows on one thread; its raw table is created
first (and dropped again if the call lands nothing), so that no two batches create it.
Empty published cells land as '' (not NULL): raw keeps what was published, staging decides what
a blank means. The log records whether a file was synthetic (a generated file with a sidecar,
see synthetic.py), so a release knows what it was built from. A file that is no longer in the
data folder is forgotten (`forget_missing_files`): raw mirrors the files a run was given, and a
removed synthetic file cannot linger in a release.

A file that cannot be landed raises one LoadError, a single line naming it by its path in the
data folder (sheet, row, column, expected and found where known), and changes nothing: an empty
file, a link out of the data folder, a file its parser cannot read (the parser's ShapeError; any
other exception from a parser is wrapped the same way, its traceback kept as the cause for the
log), a fixed edition with the wrong number of rows. `rows_rejected` counts rejected rows, not
problem cells.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pandas as pd

from orchestration.raw.landing.bulk_csv import BulkCsvParser
from orchestration.raw.landing.bulk_landing import land_screened, screen_batch
from orchestration.raw.landing.data_files import (
    as_found,
    check_is_a_file,
    file_sha256,
    relative_source_file,
)
from orchestration.raw.landing.file_scan import FileScan
from orchestration.raw.landing.load_log import LOADER_VERSION, LandingResult, LogEntry, logged_files
from orchestration.raw.landing.raw_schema import (
    LINEAGE_TYPES,
    SCHEMA,
    ensure_raw_schema,
    ensure_table,
    remove_file_rows,
    table_exists,
)
from orchestration.raw.landing.shape import LoadError, ShapeError, one_line
from orchestration.raw.landing.synthetic import is_synthetic

if TYPE_CHECKING:
    from orchestration.raw.landing.parsed import ParsedFile
    from orchestration.raw.landing.source import Source

__all__ = [
    "LOADER_VERSION",
    "LandingResult",
    "ensure_empty_table",
    "forget_missing_files",
    "land_file",
    "land_files",
]

MAX_BATCHES_AT_ONCE = 4  # each holds a month of rows in DuckDB's buffers until it commits


def land_file(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    path: Path,
    data_dir: Path,
    loaded_at: dt.datetime | None = None,
) -> LandingResult:
    """Parse `path` with the source's parser and land it in raw.<source.raw_table>."""
    return land_files(con, source, [path], data_dir, loaded_at)[0]


def land_files(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    paths: Sequence[Path],
    data_dir: Path,
    loaded_at: dt.datetime | None = None,
    scans: Mapping[Path, FileScan] | None = None,
) -> list[LandingResult]:
    """Land `paths` in raw.<source.raw_table>; one result per path, in their order.

    A file that cannot be landed raises its LoadError: the files before it (for a bulk source,
    the batches before its own and its batch's plain files) stay landed, as when they are
    landed one call at a time. `scans`: reads of the files made just before (the drop folder's,
    file_scan.py), which a bulk source uses instead of reading a file again while still true.
    """
    # Naive UTC: DuckDB TIMESTAMP has no zone, and UTC keeps runs on any machine comparable.
    loaded_at = loaded_at or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    results: dict[Path, LandingResult] = {}
    if not _lands_in_bulk(source):
        for path in dict.fromkeys(paths):
            results[path] = _land_exactly(con, source, path, data_dir, loaded_at)
        return _in_order(paths, results)
    ensure_raw_schema(con)
    batches = _batches(source.parser, paths)
    landing = _BulkLanding(
        source, data_dir, loaded_at, logged_files(con, source.raw_table), scans or {}
    )
    created = _create_table(con, source, paths)  # before the batches: no two of them create it
    try:
        results = _concurrently(con, landing.land, batches, _workers(con))
    except BaseException:
        if created:  # as before the call: no table, if no file landed
            _drop_if_nothing_landed(con, source.raw_table)
        raise
    return _in_order(paths, results)


def _create_table(con: duckdb.DuckDBPyConnection, source: Source, paths: Sequence[Path]) -> bool:
    """Create a bulk source's raw table if it is missing (its columns: the parser's, its
    context columns, lineage); True if created. Not when no path has a name the parser takes:
    every file then fails before any transaction."""
    parser = source.parser
    if table_exists(con, source.raw_table):
        return False
    for path in paths:
        try:
            context = parser.context(path)
        except ShapeError:
            continue
        types = {column: "VARCHAR" for column in [*parser.columns, *context]} | LINEAGE_TYPES
        ensure_table(con, source.raw_table, types, path.name)
        return True
    return False


def _drop_if_nothing_landed(con: duckdb.DuckDBPyConnection, table: str) -> None:
    [(landed,)] = con.execute(
        f"select count(*) from {SCHEMA}._load_log where raw_table = ?", [table]
    ).fetchall()
    if landed == 0:
        con.execute(f'drop table if exists {SCHEMA}."{table}"')


@dataclasses.dataclass
class _BulkLanding:
    """Land a bulk source's batches: each screened, its plain files inserted by DuckDB in one
    transaction, the others read exactly. Batches may land at the same time on cursors of
    their own: they hold different files, so `logged` (read once) stays true for each."""

    source: Source
    data_dir: Path
    loaded_at: dt.datetime
    logged: dict[str, LogEntry]
    scans: Mapping[Path, FileScan]
    _claimed: set[str] = dataclasses.field(default_factory=set)
    _lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)

    def land(self, con: duckdb.DuckDBPyConnection, batch: list[Path]) -> dict[Path, LandingResult]:
        parser = self.source.parser
        screened = screen_batch(
            self.source, parser, batch, self.data_dir, self.logged, self._claim, self.scans
        )
        outcome = land_screened(con, self.source, parser, screened, self.loaded_at)
        results = dict(outcome.results)
        for path in outcome.exact:
            results[path] = _land_exactly(
                con, self.source, path, self.data_dir, self.loaded_at, ensure_schema=False
            )
        return results

    def _claim(self, source_file: str) -> bool:
        """True the first time a data-folder path is claimed in this landing (a file reached
        through a link as well is landed once, by its first path)."""
        with self._lock:
            first = source_file not in self._claimed
            self._claimed.add(source_file)
            return first


def _workers(con: duckdb.DuckDBPyConnection) -> int:
    """Batches landed at once: DuckDB's threads, at most MAX_BATCHES_AT_ONCE. DuckDB numbers a
    batch's rows (WITH ORDINALITY) on one thread, so batches side by side use the others."""
    [(threads,)] = con.execute("select current_setting('threads')").fetchall()
    return max(1, min(int(threads), MAX_BATCHES_AT_ONCE))


def _concurrently(
    con: duckdb.DuckDBPyConnection,
    work: Callable[[duckdb.DuckDBPyConnection, list[Path]], dict[Path, LandingResult]],
    batches: list[list[Path]],
    workers: int,
) -> dict[Path, LandingResult]:
    """`work(cursor, batch)` for each batch on up to `workers` threads, each with a cursor of its
    own (a connection to the same database: a transaction of its own; DuckDB appends from two
    transactions do not conflict). The first batch (in order) to fail has its error raised
    once the batches already begun have ended; those not begun are not landed."""
    if not batches:
        return {}
    local = threading.local()
    cursors: list[duckdb.DuckDBPyConnection] = []
    lock = threading.Lock()

    def run(batch: list[Path]) -> dict[Path, LandingResult]:
        if not hasattr(local, "cursor"):
            local.cursor = con.cursor()
            with lock:
                cursors.append(local.cursor)
        return work(local.cursor, batch)

    results: dict[Path, LandingResult] = {}
    pool = ThreadPoolExecutor(max_workers=workers)
    try:
        for future in [pool.submit(run, batch) for batch in batches]:
            results |= future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        for cursor in cursors:
            cursor.close()
    return results


def _lands_in_bulk(source: Source) -> bool:
    """Plain files to DuckDB's reader: a BulkCsvParser's source, unless a fixed edition's row
    count or the edition check (both read the parsed rows) applies to it."""
    return (
        isinstance(source.parser, BulkCsvParser)
        and source.expected_rows is None
        and not source.edition_columns
    )


def _batches(parser: BulkCsvParser, paths: Sequence[Path]) -> list[list[Path]]:
    """The paths grouped by the parser's batch, batches in order of their first file; a path
    with no batch (a name the parser refuses) is a batch of its own, for the exact reader's
    error."""
    batches: dict[object, list[Path]] = {}
    for number, path in enumerate(dict.fromkeys(paths)):
        try:
            key: object = parser.batch(path)
        except ShapeError:
            key = number
        batches.setdefault(key, []).append(path)
    return list(batches.values())


def _in_order(paths: Sequence[Path], results: dict[Path, LandingResult]) -> list[LandingResult]:
    """One result per path; a path given twice was landed by its first mention: skipped."""
    seen: set[Path] = set()
    ordered = []
    for path in paths:
        result = results[path]
        ordered.append(dataclasses.replace(result, skipped=True) if path in seen else result)
        seen.add(path)
    return ordered


def _land_exactly(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    path: Path,
    data_dir: Path,
    loaded_at: dt.datetime,
    ensure_schema: bool = True,
) -> LandingResult:
    """Land one file read by the source's parser (for a bulk source, its exact reader).
    `ensure_schema=False`: the caller made schema raw (no DDL while other batches land)."""
    table = source.raw_table
    check_is_a_file(path, as_found(path, data_dir))
    source_file = relative_source_file(path, data_dir)
    sha256 = file_sha256(path)
    synthetic = is_synthetic(path)
    if ensure_schema:
        ensure_raw_schema(con)
    logged = _log_entry(con, table, source_file)
    if logged is not None and logged.holds(sha256, synthetic):
        return logged.skipped(table, source_file)

    parsed = _parse(source, path, source_file)  # before the transaction: changes nothing
    _check_edition_is_new(con, source, parsed, source_file)
    rows = parsed.rows.copy()
    row_numbers = rows.pop("_row_number")
    rows["_source_file"] = source_file
    rows["_sheet"] = parsed.sheet
    rows["_sha256"] = sha256
    rows["_row_number"] = row_numbers
    rows["_loaded_at"] = pd.Timestamp(loaded_at)
    rejects = parsed.rejects.assign(
        raw_table=table,
        source_file=source_file,
        sheet=parsed.sheet,
        sha256=sha256,
        loaded_at=pd.Timestamp(loaded_at),
    )
    types = {c: "VARCHAR" for c in rows.columns} | parsed.column_types | LINEAGE_TYPES
    rows_rejected = int(rejects["row_number"].nunique())

    con.begin()
    try:
        ensure_table(con, table, types, source_file)
        if logged is not None:  # earlier bytes of this file: their rows, rejects and entry go
            remove_file_rows(con, table, source_file)
        con.register("_landing_rows", rows)
        con.execute(f'insert into {SCHEMA}."{table}" by name select * from _landing_rows')
        con.register("_landing_rejects", rejects)
        con.execute(f"insert into {SCHEMA}._rejects by name select * from _landing_rejects")
        con.execute(
            f"insert into {SCHEMA}._load_log (raw_table, source_file, sha256, sheet, rows_landed,"
            " rows_rejected, loaded_at, synthetic, loader_version)"
            " values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                table,
                source_file,
                sha256,
                parsed.sheet,
                len(rows),
                rows_rejected,
                loaded_at,
                synthetic,
                LOADER_VERSION,
            ],
        )
        con.commit()
    except BaseException:
        con.rollback()
        raise
    finally:
        for view in ("_landing_rows", "_landing_rejects"):
            con.unregister(view)
    return LandingResult(
        table, source_file, sha256, len(rows), rows_rejected, skipped=False, synthetic=synthetic
    )


def _log_entry(con: duckdb.DuckDBPyConnection, table: str, source_file: str) -> LogEntry | None:
    found = con.execute(
        f"select sha256, synthetic, loader_version, rows_landed, rows_rejected"
        f" from {SCHEMA}._load_log where raw_table = ? and source_file = ?",
        [table, source_file],
    ).fetchone()
    return LogEntry(*found) if found is not None else None


def _check_edition_is_new(
    con: duckdb.DuckDBPyConnection, source: Source, parsed: ParsedFile, source_file: str
) -> None:
    """A LoadError when another file of the source already holds this file's edition."""
    columns = list(source.edition_columns)
    if not columns or parsed.rows.empty or not table_exists(con, source.raw_table):
        return
    editions = parsed.rows[columns].drop_duplicates().astype(str)
    con.register("_landing_editions", editions)
    try:
        matches = " and ".join(f'cast(r."{c}" as varchar) = e."{c}"' for c in columns)
        held = con.execute(
            f"select distinct r._source_file, {', '.join(f'e.{c}' for c in columns)} "
            f'from {SCHEMA}."{source.raw_table}" as r join _landing_editions as e on {matches} '
            "where r._source_file <> ? order by 1 limit 1",
            [source_file],
        ).fetchall()
    finally:
        con.unregister("_landing_editions")
    if held:
        holder, *values = held[0]
        edition = ", ".join(f"{c} {v}" for c, v in zip(columns, values, strict=True))
        raise LoadError(
            f"{source_file}: expected a new edition, found {edition} already loaded from "
            f"{holder} (one period shipped twice under two names: remove one)"
        )


def _parse(source: Source, path: Path, source_file: str) -> ParsedFile:
    """The parser's result, or one LoadError naming the file by its data-folder path."""
    try:
        parsed = source.parser(path)
    except ShapeError as error:
        message = str(error)
        if message.startswith(path.name):
            message = source_file + message[len(path.name) :]
        else:
            message = f"{source_file}: {message}"
        raise LoadError(message) from error
    except Exception as error:  # a damaged file can break a parser anywhere: one line, cause kept
        raise LoadError(
            f"{source_file}: expected a file that {source.name}'s parser reads, found one it "
            f"fails on ({type(error).__name__}: {one_line(str(error))[:200]})"
        ) from error
    if source.expected_rows is not None:
        found = parsed.rows["_row_number"].nunique() + parsed.rejects["row_number"].nunique()
        if found != source.expected_rows:
            raise LoadError(
                f"{source_file}: expected {source.expected_rows} data rows (the edition the "
                f"catalog declares), found {found}: a truncated copy or another edition "
                "(if a new edition, update expected_rows in the catalog)"
            )
    return parsed


def ensure_empty_table(con: duckdb.DuckDBPyConnection, source: Source) -> None:
    """The raw table of an optional source with no files: its declared columns, no rows."""
    ensure_raw_schema(con)
    types = {c: "VARCHAR" for c in source.empty_columns} | LINEAGE_TYPES
    ensure_table(con, source.raw_table, types, f"data/{source.glob}")


def forget_missing_files(
    con: duckdb.DuckDBPyConnection, source: Source, files: list[Path], data_dir: Path
) -> list[str]:
    """Remove the rows, rejects and log entries of files this source no longer has.

    Returns the forgotten files (relative to the data folder). One transaction.
    """
    table = source.raw_table
    ensure_raw_schema(con)
    present = {relative_source_file(path, data_dir) for path in files}
    logged = con.execute(
        f"select distinct source_file from {SCHEMA}._load_log where raw_table = ?", [table]
    ).fetchall()
    gone = sorted(f for (f,) in logged if f not in present)
    if not gone:
        return []
    con.begin()
    try:
        for source_file in gone:
            remove_file_rows(con, table, source_file)
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return gone
