"""What the dbt project declares of each published mart: its description, its columns'
descriptions (in the YAML's order), its primary key and its foreign keys, read from dbt's
manifest.

A release states them wherever a reader looks: as comments and key constraints in the published
database, in each CSV's CSVW description, in the Data Package and the DCAT catalogue. The primary
key is the model's key test: ``unique_combination_of_columns`` (its columns, in order), or else a
column tested both ``unique`` and ``not_null`` (every model has one; see
``tests/python/project/test_model_conventions.py``). The foreign keys are the model's
``relationships`` tests that point at another published model and hold on every row: a test
with a ``where`` filter checks only some rows, so it declares no key.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, order=True)
class ForeignKey:
    """``columns`` of a mart hold values of ``referenced_columns`` of ``references``
    (``schema.table``), or NULL."""

    columns: tuple[str, ...]
    references: str
    referenced_columns: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "columns": list(self.columns),
            "references": self.references,
            "referenced_columns": list(self.referenced_columns),
        }


@dataclass(frozen=True)
class MartContract:
    """``table`` is ``schema.table``; ``columns`` maps each documented column to its
    description; ``foreign_keys`` are sorted."""

    table: str
    description: str
    columns: Mapping[str, str] = field(default_factory=dict)
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()


def mart_contracts(manifest: Mapping[str, Any]) -> dict[str, MartContract]:
    """Every public model of the manifest, keyed by ``schema.table``."""
    keys = _primary_keys(manifest)
    tables = {
        unique_id: f"{node['schema']}.{node['alias']}"
        for unique_id, node in manifest["nodes"].items()
        if node["resource_type"] == "model" and node.get("access") == "public"
    }
    foreign_keys = _foreign_keys(manifest, tables)
    contracts = {}
    for unique_id, table in tables.items():
        node = manifest["nodes"][unique_id]
        contracts[table] = MartContract(
            table=table,
            description=(node.get("description") or "").strip(),
            columns={
                name: (column.get("description") or "").strip()
                for name, column in node.get("columns", {}).items()
            },
            primary_key=keys.get(unique_id, ()),
            foreign_keys=tuple(sorted(set(foreign_keys.get(unique_id, ())))),
        )
    return contracts


def _foreign_keys(
    manifest: Mapping[str, Any], tables: Mapping[str, str]
) -> dict[str, list[ForeignKey]]:
    """Per public model, a key per unfiltered ``relationships`` test on one of its columns that
    points at a public model (its ``to`` is the test's other parent)."""
    found: dict[str, list[ForeignKey]] = defaultdict(list)
    for node in manifest["nodes"].values():
        model = node.get("attached_node")
        metadata = node.get("test_metadata") or {}
        if node["resource_type"] != "test" or metadata.get("name") != "relationships":
            continue
        if model not in tables or not node.get("column_name"):
            continue
        if (node.get("config") or {}).get("where"):
            continue
        kwargs = metadata.get("kwargs") or {}
        referenced_field = kwargs.get("field") or (kwargs.get("arguments") or {}).get("field")
        parents = [n for n in node["depends_on"]["nodes"] if n != model] or [model]
        if len(parents) != 1 or parents[0] not in tables or not referenced_field:
            continue
        found[model].append(
            ForeignKey((node["column_name"],), tables[parents[0]], (referenced_field,))
        )
    return found


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
