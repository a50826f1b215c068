"""How dbt nodes appear in Dagster: keys and groups by layer, sources wired to the raw loaders."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings

OWNERS = ["team:data-engineering"]


def _layer(props: Mapping[str, Any]) -> str:
    """The model's layer (staging, intermediate, core, comparison, marts) from its folder;
    reference for seeds."""
    if props["resource_type"] == "seed":
        return "reference"
    fqn = props.get("fqn", [])
    return fqn[1] if len(fqn) > 2 else "models"


def _schema(props: Mapping[str, Any]) -> str:
    """The schema the node is built in: `marts` for everything published, whichever layer
    builds it, so a published table's asset key is ["marts", <table>] like its checks'."""
    return "reference" if props["resource_type"] == "seed" else props["schema"]


class FrontlineTranslator(DagsterDbtTranslator):
    def __init__(self) -> None:
        super().__init__(DagsterDbtTranslatorSettings(enable_asset_checks=True))

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            # raw.<table> is landed by the raw loader asset ["raw", <table>]
            return dg.AssetKey(["raw", dbt_resource_props["name"]])
        return dg.AssetKey([_schema(dbt_resource_props), dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return _layer(dbt_resource_props)

    def get_owners(self, dbt_resource_props: Mapping[str, Any]) -> Sequence[str] | None:
        return OWNERS
