"""The dbt build as Dagster assets: every model and seed an asset, every dbt test a check.

dbt runs as a subprocess that holds the working DuckDB file read-write, so row counts (and the
first failing rows of a failed test) are read after it exits, read-only, and attached to each
model's materialisation (and to the test's check result).
"""

# No `from __future__ import annotations`: Dagster inspects the real context type hint.

import functools
import json
import os
import subprocess
from collections.abc import Iterator
from typing import Any

import dagster as dg
import duckdb
from dagster_dbt import dbt_assets

from expectations.dagster_checks import markdown_table
from orchestration.resources import WarehouseResource
from orchestration.transform.project import FrontlineDbtResource, dbt_project, ensure_manifest
from orchestration.transform.translator import FrontlineTranslator

MANIFEST_PATH = ensure_manifest()
SAMPLE_ROWS = 5
DBT_STOP_TIMEOUT_S = 10


@functools.cache
def dbt_manifest() -> dict[str, Any]:
    """dbt's parsed manifest of the project (read once per process)."""
    return json.loads(MANIFEST_PATH.read_text())


def public_marts() -> list[str]:
    """schema.table of every model declared `access: public`: what a release publishes."""
    manifest = dbt_manifest()
    return sorted(
        f"{node['schema']}.{node['alias']}"
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node.get("access") == "public"
    )


def _relations_by_unique_id() -> dict[str, str]:
    manifest = dbt_manifest()
    return {
        unique_id: f'"{node["schema"]}"."{node["alias"]}"'
        for unique_id, node in manifest["nodes"].items()
        if node["resource_type"] in ("model", "seed")
    }


def _unique_id(event: Any) -> str | None:
    return getattr(event.metadata.get("unique_id"), "text", None)


def _failing_rows_sample(con: duckdb.DuckDBPyConnection, compiled_sql: str) -> str:
    """The first failing rows of a dbt test: its compiled query returns exactly those rows."""
    frame = con.execute(f"select * from ({compiled_sql}) as failing limit {SAMPLE_ROWS}").df()
    return markdown_table(frame.astype(object).where(frame.notna(), None).to_dict("records"))


def _with_results_metadata(
    events: list[Any], database_path: str, compiled_tests: dict[str, str]
) -> Iterator[Any]:
    """Attach row counts to materialisations and sample failing rows to failed dbt tests."""
    relations = _relations_by_unique_id()
    with duckdb.connect(database_path, read_only=True) as con:
        for event in events:
            unique_id = _unique_id(event)
            if isinstance(event, dg.Output | dg.AssetMaterialization) and unique_id in relations:
                rows = con.execute(f"select count(*) from {relations[unique_id]}").fetchone()[0]
                event = event.with_metadata({**event.metadata, "dagster/row_count": rows})
            elif isinstance(event, dg.AssetCheckResult) and not event.passed:
                sql = compiled_tests.get(unique_id or "")
                if sql:
                    sample = dg.MetadataValue.md(_failing_rows_sample(con, sql))
                    event = dg.AssetCheckResult(
                        passed=False,
                        asset_key=event.asset_key,
                        check_name=event.check_name,
                        severity=event.severity,
                        description=event.description,
                        metadata={**event.metadata, "sample_failing_rows": sample},
                    )
            yield event


def _stop(process: subprocess.Popen) -> None:
    """dbt must not outlive its step (an interrupted or failed stream): it holds the working
    database's write lock."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=DBT_STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _compiled_tests(invocation: Any) -> dict[str, str]:
    try:
        results = invocation.get_artifact("run_results.json").get("results", [])
    except FileNotFoundError:  # dbt stopped before running anything (e.g. a parse error)
        return {}
    return {
        result["unique_id"]: result["compiled_code"]
        for result in results
        if result["unique_id"].startswith("test.") and result.get("compiled_code")
    }


@dbt_assets(
    manifest=MANIFEST_PATH,
    project=dbt_project,
    dagster_dbt_translator=FrontlineTranslator(),
    pool="duckdb_writer",
)
def frontline_dbt_assets(
    context: dg.AssetExecutionContext, dbt: FrontlineDbtResource, warehouse: WarehouseResource
):
    """dbt build: staging views, intermediate and mart tables, seeds, and every dbt test."""
    # profiles.yml reads it; orchestration.run_recovery finds a dbt left by a killed run by it
    os.environ["FRONTLINE_WORKING_DB"] = warehouse.database_path
    invocation = dbt.cli(["build"], context=context, raise_on_error=False)
    try:
        events = list(invocation.stream())
    finally:
        _stop(invocation.process)
    yield from _with_results_metadata(events, warehouse.database_path, _compiled_tests(invocation))
    if not invocation.is_successful():
        raise dg.Failure(
            "dbt build failed: a model errored or a test at error severity failed; "
            "nothing is published. See the failed checks and the dbt log above.",
            metadata={"dbt_error": dg.MetadataValue.text(str(invocation.get_error()))},
        )
