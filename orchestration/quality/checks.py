"""Great Expectations suites (expectations/suites/*.json) as blocking checks on the marts."""

from pathlib import Path

import dagster as dg

from expectations.dagster_checks import build_ge_asset_checks
from orchestration.paths import PROJECT_DIR

SUITES_DIR = Path(PROJECT_DIR) / "expectations" / "suites"

ge_checks: list[dg.AssetChecksDefinition] = build_ge_asset_checks(
    SUITES_DIR,
    asset_key_for_table=lambda table: dg.AssetKey(["marts", table]),
    default_schema="marts",
    pool="duckdb_writer",
)
