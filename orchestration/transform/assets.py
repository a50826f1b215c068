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
from collections.abc import Iterator, Mapping
from typing import Any

import dagster as dg
import duckdb
from dagster_dbt import dbt_assets

from expectations.dagster_checks import markdown_table
from orchestration.resources import WarehouseResource
from orchestration.run_progress import report_dbt_nodes
from orchestration.transform.build_outcome import build_failure_description
from orchestration.transform.failing_rows import failing_rows
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


def _generic_test_target(test: Mapping[str, Any], relations: Mapping[str, str]) -> tuple:
    """The relation and column a generic test tests, whose rows the failing rows are traced back
    to; (None, None) for a singular test, whose rows mean what its SQL says."""
    if not test.get("test_metadata"):
        return None, None
    relation = relations.get(test.get("attached_node") or "")
    return relation, test.get("column_name") or test["test_metadata"]["kwargs"].get("column_name")


def _failed_test_metadata(
    con: duckdb.DuckDBPyConnection, unique_id: str, compiled_sql: str
) -> dict[str, Any]:
    """The first failing rows of a failed dbt test and the source rows behind them."""
    relations = _relations_by_unique_id()
    test = dbt_manifest()["nodes"].get(unique_id, {})
    relation, column = _generic_test_target(test, relations)
    try:
        found = failing_rows(con, compiled_sql, relation, column, limit=SAMPLE_ROWS)
    except duckdb.Error as error:  # the test's own failure stands; say why there are no rows
        return {"failing_rows_unavailable": dg.MetadataValue.text(str(error).splitlines()[0])}
    metadata: dict[str, Any] = {
        "sample_failing_rows": dg.MetadataValue.md(markdown_table(found.rows))
    }
    if found.sources:
        metadata["source_rows"] = dg.MetadataValue.json([s.as_dict() for s in found.sources])
    return metadata


def _with_results_metadata(
    events: list[Any], database_path: str, compiled_tests: dict[str, str]
) -> Iterator[Any]:
    """Attach row counts to materialisations, and to failed dbt tests their first failing rows
    and the source rows behind them."""
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
                    event = dg.AssetCheckResult(
                        passed=False,
                        asset_key=event.asset_key,
                        check_name=event.check_name,
                        severity=event.severity,
                        description=event.description,
                        metadata={**event.metadata, **_failed_test_metadata(con, unique_id, sql)},
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


def _run_results(invocation: Any) -> list[dict[str, Any]]:
    try:
        return invocation.get_artifact("run_results.json").get("results", [])
    except FileNotFoundError:  # dbt stopped before running anything (e.g. a parse error)
        return []


def _compiled_tests(results: list[dict[str, Any]]) -> dict[str, str]:
    return {
        result["unique_id"]: result["compiled_code"]
        for result in results
        if result["unique_id"].startswith("test.") and result.get("compiled_code")
    }


def _streamed_with_progress(invocation: Any) -> Iterator[Any]:
    """dbt's events as Dagster events (as ``invocation.stream()`` makes them), reporting to the
    run's console how many of the build's nodes have finished and how many failed."""
    done = failed = 0
    for event in invocation.stream_raw_events():
        info, data = event.raw_event["info"], event.raw_event["data"]
        # a finished node's event has its index and the build's total (a test's: num_models)
        total = data.get("total") or data.get("num_models")
        if info["name"] != "LogStartLine" and "index" in data and total:
            done = max(done, int(data["index"]))
            failed += data.get("status") in ("fail", "error")
            report_dbt_nodes(done, int(total), failed)
        yield from event.to_default_asset_events(
            manifest=invocation.manifest,
            dagster_dbt_translator=invocation.dagster_dbt_translator,
            context=invocation.context,
            target_path=invocation.target_path,
            project=invocation.project,
        )


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
        events = list(_streamed_with_progress(invocation))
    finally:
        _stop(invocation.process)
    results = _run_results(invocation)
    yield from _with_results_metadata(events, warehouse.database_path, _compiled_tests(results))
    if not invocation.is_successful():
        raise dg.Failure(
            build_failure_description(results, dbt_manifest(), _check_unique_ids(events)),
            metadata={"dbt_error": dg.MetadataValue.text(str(invocation.get_error()))},
        )


def _check_unique_ids(events: list[Any]) -> set[str]:
    """The dbt tests whose results became check results (all of them while the project test
    holds)."""
    return {
        unique_id
        for event in events
        if isinstance(event, dg.AssetCheckResult) and (unique_id := _unique_id(event))
    }
