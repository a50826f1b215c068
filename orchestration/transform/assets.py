"""The dbt build as Dagster assets: every model and seed an asset, every dbt test a check.

dbt runs as a subprocess that holds the working DuckDB file read-write, so row counts are read
after it exits (read-only) and attached to each model's materialisation.
"""

# No `from __future__ import annotations`: Dagster inspects the real context type hint.

import json
import os
from collections.abc import Iterator
from typing import Any

import dagster as dg
import duckdb
from dagster_dbt import DbtCliResource, dbt_assets

from orchestration.resources import WarehouseResource
from orchestration.transform.project import dbt_project, ensure_manifest
from orchestration.transform.translator import FrontlineTranslator

MANIFEST_PATH = ensure_manifest()


def public_marts() -> list[str]:
    """schema.table of every model declared `access: public`: what a release publishes."""
    manifest = json.loads(MANIFEST_PATH.read_text())
    return sorted(
        f"{node['schema']}.{node['alias']}"
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node.get("access") == "public"
    )


def _relations_by_unique_id() -> dict[str, str]:
    manifest = json.loads(MANIFEST_PATH.read_text())
    return {
        unique_id: f'"{node["schema"]}"."{node["alias"]}"'
        for unique_id, node in manifest["nodes"].items()
        if node["resource_type"] in ("model", "seed")
    }


def _with_row_counts(events: list[Any], database_path: str) -> Iterator[Any]:
    relations = _relations_by_unique_id()
    with duckdb.connect(database_path, read_only=True) as con:
        for event in events:
            unique_id = None
            if isinstance(event, dg.Output | dg.AssetMaterialization):
                unique_id = getattr(event.metadata.get("unique_id"), "text", None)
            relation = relations.get(unique_id) if unique_id else None
            if relation:
                rows = con.execute(f"select count(*) from {relation}").fetchone()[0]
                event = event.with_metadata({**event.metadata, "dagster/row_count": rows})
            yield event


@dbt_assets(
    manifest=MANIFEST_PATH,
    project=dbt_project,
    dagster_dbt_translator=FrontlineTranslator(),
    pool="duckdb_writer",
)
def frontline_dbt_assets(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
):
    """dbt build: staging views, intermediate and mart tables, seeds, and every dbt test."""
    os.environ["FRONTLINE_WORKING_DB"] = warehouse.database_path
    invocation = dbt.cli(["build"], context=context, raise_on_error=False)
    events = list(invocation.stream())
    yield from _with_row_counts(events, warehouse.database_path)
    if not invocation.is_successful():
        raise dg.Failure(
            "dbt build failed: a model errored or a test at error severity failed; "
            "nothing is published. See the failed checks and the dbt log above.",
            metadata={"dbt_error": dg.MetadataValue.text(str(invocation.get_error()))},
        )
