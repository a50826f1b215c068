"""Turn the suite files in ``expectations/suites/`` into blocking Dagster asset checks.

One check per suite file, named ``ge_<table>``, on the asset ``asset_key_for_table(<table>)``. It
reads the table from the working database (``WarehouseResource.database_path``, opened read-only)
and validates it with ``expectations.runner``. The suite's ``meta.relation`` names the relation to
read (``schema.table``); without it the check reads ``<default_schema>.<table>``.

Building the checks reads the suite files as JSON only; Great Expectations is imported when a
check runs.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import dagster as dg

from expectations.runner import (
    FAILED_MARKER,
    SuiteFile,
    SuiteOutcome,
    read_suite_file,
    validate_table,
)

DEFAULT_SCHEMA = "marts"


def build_ge_asset_checks(
    suites_dir: str | Path,
    asset_key_for_table: Callable[[str], dg.AssetKey],
    db_path_resource_key: str = "warehouse",
    *,
    default_schema: str = DEFAULT_SCHEMA,
    pool: str | None = None,
) -> list[dg.AssetChecksDefinition]:
    """One blocking ``ge_<table>`` asset check per ``<table>.json`` suite file in ``suites_dir``.

    ``pool`` puts the checks in a Dagster concurrency pool (give them the writers' pool if a check
    could otherwise run while an asset holds the working database open read-write).
    """
    suite_paths = sorted(Path(suites_dir).glob("*.json"))
    checks = []
    for suite_path in suite_paths:
        spec = read_suite_file(suite_path)
        table = suite_path.stem
        if spec.name != table:
            raise ValueError(f"{suite_path}: suite name {spec.name!r} must match the file name")
        relation = str(spec.meta.get("relation") or f"{default_schema}.{table}")
        checks.append(
            _build_check(
                spec, table, relation, asset_key_for_table(table), db_path_resource_key, pool
            )
        )
    return checks


def _build_check(
    spec: SuiteFile,
    table: str,
    relation: str,
    asset_key: dg.AssetKey,
    resource_key: str,
    pool: str | None,
) -> dg.AssetChecksDefinition:
    suite_path = spec.path

    @dg.asset_check(
        asset=asset_key,
        name=f"ge_{table}",
        description=spec.description,
        blocking=True,
        required_resource_keys={resource_key},
        metadata={
            "suite": str(suite_path),
            "relation": relation,
            "expectations": len(spec.expectations),
        },
        pool=pool,
    )
    def _ge_check(context: dg.AssetCheckExecutionContext) -> dg.AssetCheckResult:
        warehouse = getattr(context.resources, resource_key)
        outcome = validate_table(warehouse.database_path, relation, suite_path)
        if not outcome.success:
            context.log.warning(
                f"ge_{table}: {len(outcome.failed)} expectation(s) failed on {relation}, "
                f"{outcome.failing_row_count} failing row(s)"
            )
        return check_result(outcome)

    return _ge_check


def check_result(outcome: SuiteOutcome) -> dg.AssetCheckResult:
    """The Dagster result for a suite outcome: always ERROR severity, so a failure blocks."""
    failing = [
        {
            "expectation": r.type,
            "kwargs": r.kwargs,
            "unexpected_count": r.unexpected_count,
            "observed_value": r.observed_value,
            "partial_unexpected_list": r.partial_unexpected_list[:10],
            "exception": r.exception_message,
        }
        for r in outcome.failed
    ]
    return dg.AssetCheckResult(
        passed=outcome.success,
        severity=dg.AssetCheckSeverity.ERROR,
        description=outcome.description or None,
        metadata={
            "relation": outcome.table,
            "row_count": outcome.row_count,
            "expectations": len(outcome.results),
            "failing_expectations": dg.MetadataValue.json(failing),
            "failing_row_count": outcome.failing_row_count,
            "sample_failing_rows": dg.MetadataValue.md(markdown_table(outcome.sample_failing_rows)),
        },
    )


def markdown_table(rows: list[dict[str, Any]]) -> str:
    """A small Markdown table (failing expectations first), or a line saying there are none."""
    if not rows:
        return "_no failing rows_"
    marker = [FAILED_MARKER] if FAILED_MARKER in rows[0] else []
    columns = marker + [c for c in rows[0] if c != FAILED_MARKER]

    def cell(value: Any) -> str:
        text = "NULL" if value is None else str(value)
        return text.replace("|", "\\|").replace("\n", " ")

    lines = [
        "| " + " | ".join(cell(c) for c in columns) + " |",
        "|" + "---|" * len(columns),
    ]
    lines += ["| " + " | ".join(cell(row.get(c)) for c in columns) + " |" for row in rows]
    return "\n".join(lines)
