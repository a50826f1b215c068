"""Benchmark: landing street-level crime at real scale, against hand-written DuckDB SQL.

Files: `frontline synthetic street` (orchestration/synthetic/street.py) writes the 43 territorial
forces' monthly files, 11,630 rows each (data.police.uk's size: ~500,000 rows a month), into a
temporary data folder: 4 months (2.0M rows) by default, `--rows 18M` for 36 months.

Baseline, the hand-written SQL (what a data engineer would write with DuckDB alone, no checks):
a typed `read_csv` of all the files into a table of a new persistent database, then the monthly
counts per force, LSOA and crime type, and their rolling 12-month totals.

Landing, what the street raw asset does (orchestration/raw/assets.py) without Dagster: the drop
folder's three rules (triage), the quarantine record, forgetting removed files, landing every
held file into a new persistent database (`land_files`: shape check, rejects, lineage, load log,
one transaction a month), then the row count, preview and reject check the asset reports.

Each phase runs in a child process of its own, forked from this one, so that each reports its own
peak memory (resident set size); the phases alternate when repeated, and the best time of each
is compared. Prints rows a second and the ratios to read_csv as speeds (1.0: as fast as DuckDB's
own reader into a table; issue 15 asks >= 0.8), of land_files (the loader) and of all the
landing's steps, in wall-clock and CPU time, the hand-written SQL's total, and peak RSS.

    python benchmarks/scale.py [--rows 2M] [--repeat 1] [--files DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import math
import multiprocessing
import os
import resource
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from orchestration.raw.catalog import SOURCES_BY_NAME
from orchestration.raw.landing.land import forget_missing_files, land_files
from orchestration.raw.landing.quarantine import record_quarantine
from orchestration.raw.landing.reject_threshold import check_result
from orchestration.raw.police_uk_drop_folder import triage
from orchestration.synthetic import street

SOURCE = SOURCES_BY_NAME["police_uk_street_crime"]
HAND_WRITTEN, LANDING, READ_CSV = "hand-written SQL", "street landing", "read_csv into a table"
LAND_FILES = "land_files (and quarantine)"
DROP = Path("police") / "police_uk_street"  # the drop folder, in a data folder
TODAY = dt.date(2026, 1, 1)  # after the generated months: none is in the future
FORCES = street.TERRITORIAL_FORCES
ROWS_PER_FILE = street.ROWS_PER_FILE

# DuckDB's types for the published columns (the baseline reads them typed, as an analyst would)
TYPED_COLUMNS = {
    "crime_id": "VARCHAR",
    "month": "DATE",
    "reported_by": "VARCHAR",
    "falls_within": "VARCHAR",
    "longitude": "DOUBLE",
    "latitude": "DOUBLE",
    "location": "VARCHAR",
    "lsoa_code": "VARCHAR",
    "lsoa_name": "VARCHAR",
    "crime_type": "VARCHAR",
    "last_outcome_category": "VARCHAR",
    "context": "VARCHAR",
}
MONTHLY_SQL = """
create table monthly as
select falls_within, lsoa_code, crime_type, month, count(*) as crimes
from street
group by all
"""
ROLLING_SQL = """
create table rolling as
select *, sum(crimes) over (
    partition by falls_within, lsoa_code, crime_type order by month
    range between interval 11 months preceding and current row
) as crimes_12_months
from monthly
"""


@dataclass(frozen=True)
class Step:
    seconds: float  # wall clock
    cpu_seconds: float  # user + system, all threads: steadier than wall time on a busy machine


@dataclass
class Timing:
    """One phase's steps, rows and peak memory."""

    steps: dict[str, Step] = field(default_factory=dict)
    rows: int = 0
    peak_rss_mib: float = 0.0

    @contextlib.contextmanager
    def step(self, name: str) -> Iterator[None]:
        wall, cpu = time.perf_counter(), _cpu_seconds()
        yield
        self.steps[name] = Step(time.perf_counter() - wall, _cpu_seconds() - cpu)

    @property
    def seconds(self) -> float:
        return sum(step.seconds for step in self.steps.values())

    @property
    def cpu_seconds(self) -> float:
        return sum(step.cpu_seconds for step in self.steps.values())


def parse_rows(text: str) -> int:
    """'2M', '18M', '500k' or a plain number."""
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1].lower(), 1)
    return int(float(text[:-1] if scale > 1 else text) * scale)


def months_for(rows: int) -> int:
    return max(1, math.ceil(rows / (FORCES * ROWS_PER_FILE)))


def hand_written_sql(data_dir: Path, database: Path) -> Timing:
    files = sorted(str(path) for path in (data_dir / DROP).glob("*-street.csv"))
    columns = ", ".join(f"'{name}': '{kind}'" for name, kind in TYPED_COLUMNS.items())
    timing = Timing()
    with duckdb.connect(str(database)) as con:
        with timing.step(READ_CSV):
            con.execute(
                f"create table street as select * from read_csv(?, header = true, "
                f"columns = {{{columns}}}, dateformat = '%Y-%m', filename = true)",
                [files],
            )
        with timing.step("monthly counts, rolling totals"):
            con.execute(MONTHLY_SQL)
            con.execute(ROLLING_SQL)
        [(timing.rows,)] = con.execute("select count(*) from street").fetchall()
    timing.peak_rss_mib = _peak_rss_mib()
    return timing


def street_landing(data_dir: Path, database: Path) -> Timing:
    timing = Timing()
    with duckdb.connect(str(database)) as con:
        with timing.step("triage (the drop folder's rules)"):
            folder = triage(data_dir / DROP, today=TODAY)
        with timing.step(LAND_FILES):
            record_quarantine(con, SOURCE.raw_table, folder.quarantined, data_dir)
            held = [path for month in folder.months for path in folder.held[month]]
            forget_missing_files(con, SOURCE, held, data_dir)
            results = land_files(con, SOURCE, held, data_dir, scans=folder.scans)
        with timing.step("count, preview, reject check"):
            table = f"raw.{SOURCE.raw_table}"
            [(timing.rows,)] = con.execute(f"select count(*) from {table}").fetchall()
            con.execute(f"select * from {table} order by _source_file, _row_number limit 5").df()
            check_result(con, SOURCE)
    landed = sum(result.rows_landed for result in results)
    if landed != timing.rows or any(result.skipped for result in results):
        raise RuntimeError("landing did not land every generated row")
    timing.peak_rss_mib = _peak_rss_mib()
    return timing


def relanding(data_dir: Path, database: Path) -> Timing:
    """The same folder again into the landed database: every file unchanged, skipped."""
    timing = Timing()
    with duckdb.connect(str(database)) as con, timing.step("triage and land, all unchanged"):
        folder = triage(data_dir / DROP, today=TODAY)
        held = [path for month in folder.months for path in folder.held[month]]
        results = land_files(con, SOURCE, held, data_dir, scans=folder.scans)
    if not all(result.skipped for result in results):
        raise RuntimeError("an unchanged file was landed again")
    timing.rows = sum(result.rows_landed for result in results)
    timing.peak_rss_mib = _peak_rss_mib()
    return timing


def _cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def in_child(phase: Callable[[Path, Path], Timing], data_dir: Path, database: Path) -> Timing:
    """Run `phase` in a forked child process, so its peak RSS is its own."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=lambda: send.send(phase(data_dir, database)))
    child.start()
    timing = receive.recv()
    child.join()
    if child.exitcode != 0:
        raise RuntimeError(f"{phase.__name__} failed (exit code {child.exitcode})")
    return timing


def generate(data_dir: Path, months: int) -> int:
    """The street files for `months` months in `data_dir`'s drop folder, written unless a
    folder given to reuse holds them already; returns how many there are."""
    drop = data_dir / DROP
    names = {
        street.file_name(month, force)
        for month in street.months_ending(street.LAST_MONTH, months)
        for force in street.territorial_forces()
    }
    start = time.perf_counter()
    if {path.name for path in drop.glob("*-street.csv")} == names:
        print(f"reusing {len(names)} street files under {drop}")
    else:
        street.generate(drop, forces=FORCES, months=months)
        print(f"wrote {len(names)} street files in {time.perf_counter() - start:.0f} s to {drop}")
    return len(names)


def remove_database(path: Path) -> None:
    for file in (path, path.with_name(path.name + ".wal")):
        file.unlink(missing_ok=True)


def report(files: int, best: dict[str, Timing], reland: Timing) -> None:
    baseline, landing = best[HAND_WRITTEN], best[LANDING]
    read_csv = baseline.steps[READ_CSV]
    rows = landing.rows
    print(f"street files: {files:,} ({FORCES} forces, {ROWS_PER_FILE:,} rows each), {rows:,} rows")
    for name, timing in best.items():
        print(
            f"{name}: {timing.seconds:.2f} s ({timing.cpu_seconds:.2f} s of CPU), "
            f"peak RSS {timing.peak_rss_mib:,.0f} MiB"
        )
        for step_name, step in timing.steps.items():
            print(f"    {step_name:36s} {step.seconds:7.2f} s  ({step.cpu_seconds:.2f} s of CPU)")
    land = landing.steps[LAND_FILES]
    print(f"read_csv into a table       {rows / read_csv.seconds:12,.0f} rows/s")
    print(f"land_files                  {rows / land.seconds:12,.0f} rows/s")
    print(f"street landing, all steps   {rows / landing.seconds:12,.0f} rows/s")
    print("speed against read_csv into a table (1.0: as fast as DuckDB's own reader), wall | CPU:")
    for name, step in (("land_files", land), ("street landing, all steps", landing)):
        print(
            f"    {name:32s} {read_csv.seconds / step.seconds:6.2f} | "
            f"{read_csv.cpu_seconds / step.cpu_seconds:.2f}"
        )
    print(f"re-landing, all unchanged   {reland.seconds:10.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", default="2M", help="rows to generate (2M: 4 months; 18M: 36)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each phase (best kept)")
    parser.add_argument(
        "--files", type=Path, help="a data folder to generate into once and reuse (default: temp)"
    )
    args = parser.parse_args()
    months = months_for(parse_rows(args.rows))
    work = Path(tempfile.mkdtemp(prefix="frontline-scale-"))
    data_dir = args.files or work / "data"
    try:
        files = generate(data_dir, months)
        phases = {HAND_WRITTEN: hand_written_sql, LANDING: street_landing}
        best: dict[str, Timing] = {}
        for _ in range(args.repeat):  # alternating, so both see the machine's same moods
            for name, phase in phases.items():
                database = work / f"{phase.__name__}.duckdb"
                remove_database(database)
                timing = in_child(phase, data_dir, database)
                if name not in best or timing.seconds < best[name].seconds:
                    best[name] = timing
        reland = in_child(relanding, data_dir, work / f"{street_landing.__name__}.duckdb")
        report(files, best, reland)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
