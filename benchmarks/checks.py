"""Benchmark: the Great Expectations check on a large street-level fact, text as categoricals
against text as plain strings.

Builds `marts.fct_police_uk_street_crime_monthly` in a temporary DuckDB file, shaped as the real
one (43 forces, months, LSOAs, the 14 data.police.uk crime types), `--rows` rows (4.0M: the
fact's size at 18M street records), and validates it with the shipped suite
(expectations/suites/fct_police_uk_street_crime_monthly.json) twice, each in a fresh forked
process so each peak RSS is its own: once as the check runs (`validate_table`: the columns the
suite reads, text that is only matched or compared for equality as categoricals) and once with
every text column read as plain strings (the baseline). Both must reach the same outcome. Prints
the times, peak RSS and the ratios check / baseline.

    python benchmarks/checks.py [--rows 4M]
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import duckdb

from expectations import runner

PROJECT = Path(__file__).resolve().parents[1]
SUITE = PROJECT / "expectations" / "suites" / "fct_police_uk_street_crime_monthly.json"
RELATION = "marts.fct_police_uk_street_crime_monthly"
CRIME_TYPES = [
    "Anti-social behaviour",
    "Bicycle theft",
    "Burglary",
    "Criminal damage and arson",
    "Drugs",
    "Other crime",
    "Other theft",
    "Possession of weapons",
    "Public order",
    "Robbery",
    "Shoplifting",
    "Theft from the person",
    "Vehicle crime",
    "Violence and sexual offences",
]
LSOAS_PER_FORCE = 800
FORCES = 43

# row i: force i % 43, crime type (i / 43) % 14, LSOA (i / 602) % 800, month i / 481,600: every
# (force, month, LSOA, crime type) once, as the fact's grain
FACT_SQL = f"""
create table {RELATION} as
with numbered as (
    select
        i,
        i % {FORCES} as force,
        (i // {FORCES}) % 14 as kind,
        (i // ({FORCES} * 14)) % {LSOAS_PER_FORCE} as lsoa,
        i // ({FORCES} * 14 * {LSOAS_PER_FORCE}) as month_number
    from range(?) as t (i)
)
select
    'E23' || lpad(cast(1 + force as varchar), 6, '0') as force_code,
    'Force ' || force as force_name,
    strftime(date '2020-01-01' + to_months(cast(month_number as integer)), 'M%Y-%m') as period_key,
    date '2020-01-01' + to_months(cast(month_number as integer)) as month_start,
    'E01' || lpad(cast(force * {LSOAS_PER_FORCE} + lsoa as varchar), 6, '0') as lsoa_code,
    'Area ' || (force * {LSOAS_PER_FORCE} + lsoa) as lsoa_name,
    (?::varchar[])[1 + kind] as crime_type,
    kind <> 0 as is_recorded_crime,
    1 + i % 40 as crimes,
    'police/police_uk_street/' || month_number || '-' || force || '-street.csv' as source_file
from numbered
"""


def build_fact(database: Path, rows: int) -> None:
    with duckdb.connect(str(database)) as con:
        con.execute("create schema marts")
        con.execute(FACT_SQL, [rows, CRIME_TYPES])


def validate(database: str, plain_text: bool) -> tuple[float, float, bool, int]:
    """In a child: seconds, peak RSS (MiB), success and failing rows of the check."""
    if plain_text:
        runner.categorical_columns = lambda spec: set()
    started = time.perf_counter()
    outcome = runner.validate_table(database, RELATION, SUITE)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return seconds, peak, outcome.success, outcome.failing_row_count


def in_fresh_process(database: Path, plain_text: bool) -> tuple[float, float, bool, int]:
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(validate, str(database), plain_text).result()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", default="4M", help="rows of the fact: 4M, 500k or a number")
    args = parser.parse_args()
    scale = {"k": 1_000, "m": 1_000_000}.get(args.rows[-1].lower(), 1)
    rows = int(float(args.rows[:-1] if scale > 1 else args.rows) * scale)
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "warehouse.duckdb"
        build_fact(database, rows)
        baseline = in_fresh_process(database, plain_text=True)
        check = in_fresh_process(database, plain_text=False)
    if baseline[2:] != check[2:]:
        raise SystemExit(f"the two reads disagree: baseline {baseline[2:]}, check {check[2:]}")
    print(f"Great Expectations suite on {RELATION}, {rows:,} rows (passed: {check[2]})")
    print(
        f"  text as plain strings (baseline): {baseline[0]:6.1f} s, peak RSS {baseline[1]:,.0f} MiB"
    )
    print(f"  text as categoricals (the check): {check[0]:6.1f} s, peak RSS {check[1]:,.0f} MiB")
    time_ratio, memory_ratio = check[0] / baseline[0], check[1] / baseline[1]
    print(f"  check / baseline: time {time_ratio:.2f}, peak RSS {memory_ratio:.2f}")


if __name__ == "__main__":
    main()
