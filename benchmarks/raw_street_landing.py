"""Benchmark: landing data.police.uk street-level CSVs through the raw loader, against DuckDB's
own CSV reader on the same files in the same process (the floor: stack.md measured ~1M rows/s).

The shipped 58 monthly files are copied SCALE times (as if SCALE forces had sent them), landed
with the loader (parse, shape check, reject screening, lineage, load log), and read with
`read_csv(..., all_varchar=true)` into a table. Prints rows/s and the ratio loader / baseline.

    python benchmarks/raw_street_landing.py [SCALE]   (default 10: ~2M rows)
"""

from __future__ import annotations

import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from orchestration.paths import DEFAULT_DATA_DIR
from orchestration.raw.catalog import SOURCES_BY_NAME
from orchestration.raw.landing.land import land_file

SOURCE = SOURCES_BY_NAME["police_uk_street_crime"]


def scaled_copy(target: Path, scale: int) -> list[Path]:
    drop = target / "police" / "police_uk_street"
    drop.mkdir(parents=True)
    for original in sorted((DEFAULT_DATA_DIR / "police" / "police_uk_street").glob("*.csv")):
        month, rest = original.name[:7], original.name[8:]
        for copy in range(scale):
            shutil.copy(original, drop / f"{month}-copy{copy:03d}{rest}")
    return sorted(drop.glob("*.csv"))


def main(scale: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        files = scaled_copy(data, scale)

        start = time.perf_counter()
        with duckdb.connect(str(Path(tmp) / "baseline.duckdb")) as con:
            pattern = str(data / "police" / "police_uk_street" / "*.csv")
            con.execute(
                f"create table street as select * from read_csv('{pattern}', all_varchar=true, "
                "filename=true, header=true)"
            )
            rows = con.execute("select count(*) from street").fetchone()[0]
        baseline = time.perf_counter() - start

        start = time.perf_counter()
        with duckdb.connect(str(Path(tmp) / "loader.duckdb")) as con:
            for path in files:
                land_file(con, SOURCE, path, data)
            landed = con.execute("select count(*) from raw.police_uk_street_crime").fetchone()[0]
        loader = time.perf_counter() - start

        start = time.perf_counter()
        with duckdb.connect(str(Path(tmp) / "loader.duckdb")) as con:
            for path in files:
                land_file(con, SOURCE, path, data)
        reload = time.perf_counter() - start

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"files: {len(files)}  rows: {rows:,} (loader landed {landed:,})")
    print(f"baseline  duckdb read_csv : {baseline:7.2f} s  {rows / baseline:12,.0f} rows/s")
    print(f"raw loader (land_file)    : {loader:7.2f} s  {landed / loader:12,.0f} rows/s")
    print(f"re-load, all skipped      : {reload:7.2f} s")
    print(f"ratio loader / baseline   : {loader / baseline:7.2f}x")
    print(f"peak RSS                  : {peak_mb:,.0f} MiB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
