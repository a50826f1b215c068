"""What the dbt project declares of each published mart: its description, its columns'
descriptions (in the YAML's order) and its primary key, read from dbt's manifest.

A release states them wherever a reader looks: as comments and key constraints in the published
database, in each CSV's CSVW description, in the Data Package and the DCAT catalogue. The primary
key is the model's key test: ``unique_combination_of_columns`` (its columns, in order), or else a
column tested both ``unique`` and ``not_null`` (every model has one; see
``tests/python/project/test_model_conventions.py``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class MartContract:
    """``table`` is ``schema.table``; ``columns`` maps each documented column to its
    description."""

    table: str
    description: str
    columns: Mapping[str, str] = field(default_factory=dict)
    primary_key: tuple[str, ...] = ()


def mart_contracts(manifest: Mapping[str, Any]) -> dict[str, MartContract]:
    """Every public model of the manifest, keyed by ``schema.table``."""
    keys = _primary_keys(manifest)
    contracts = {}
    for unique_id, node in manifest["nodes"].items():
        if node["resource_type"] != "model" or node.get("access") != "public":
            continue
        table = f"{node['schema']}.{node['alias']}"
        contracts[table] = MartContract(
            table=table,
            description=(node.get("description") or "").strip(),
            columns={
                name: (column.get("description") or "").strip()
                for name, column in node.get("columns", {}).items()
            },
            primary_key=keys.get(unique_id, ()),
        )
    return contracts


def _primary_keys(manifest: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    combinations: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    tested: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for node in manifest["nodes"].values():
        model = node.get("attached_node")
        if node["resource_type"] != "test" or not model:
            continue
        metadata = node.get("test_metadata") or {}
        name = metadata.get("name")
        if name == "unique_combination_of_columns":
            kwargs = metadata.get("kwargs") or {}
            columns = kwargs.get("combination_of_columns") or (kwargs.get("arguments") or {}).get(
                "combination_of_columns"
            )
            if columns:
                combinations[model].append(tuple(columns))
        elif name in ("unique", "not_null") and node.get("column_name"):
            tested[model][node["column_name"]].add(name)
    keys = {}
    for model in set(combinations) | set(tested):
        if combinations[model]:
            keys[model] = min(combinations[model], key=len)
            continue
        single = sorted(c for c, t in tested[model].items() if t == {"unique", "not_null"})
        if single:
            keys[model] = (single[0],)
    return keys
