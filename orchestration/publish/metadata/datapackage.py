"""The Frictionless Data Package of a release: ``datapackage.json`` at the release's root.

A tabular data package (Data Package v1 profile ``tabular-data-package``) whose resources are the
published CSVs (``csv/<table>.csv``), one per mart, each with its title and description (the dbt
contract), its dialect (export.CSV_DIALECT), its size and sha256, and a Table Schema: every
column as a field with its type (``columns.py``), description and ``required`` constraint, the
contract's primary key and its foreign keys into the package's other resources (``""`` names the
resource itself, as in ``dim_geography.parent_geography_code``), and ``""`` as the missing value.
Frictionless checks the foreign keys when it validates a resource of the package. The package
states the release (id,
creation time), the licences its sources carry and the publications it was built from (one
entry per catalog publication: title, publisher, URL and publication date where known).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from pathlib import Path
from typing import Any

import duckdb

from orchestration.publish import export
from orchestration.publish.attachment import ReleaseInfo, write_file
from orchestration.publish.contract import MartContract
from orchestration.publish.metadata import dataset
from orchestration.publish.metadata.columns import frictionless_type, is_required
from orchestration.publish.metadata.serialise import to_json
from orchestration.publish.model import SourceFile

DATAPACKAGE = "datapackage.json"


def foreign_keys(contract: MartContract, published: Collection[str]) -> list[dict[str, Any]]:
    """The contract's foreign keys into ``published`` tables (``schema.table``), as Table Schema
    ``foreignKeys``."""
    return [
        {
            "fields": list(fk.columns),
            "reference": {
                "resource": ""
                if fk.references == contract.table
                else dataset.table_name(fk.references),
                "fields": list(fk.referenced_columns),
            },
        }
        for fk in contract.foreign_keys
        if fk.references in published
    ]


def resource(
    mart: Mapping[str, Any], contract: MartContract, published: Collection[str] = ()
) -> dict[str, Any]:
    """The tabular data resource of one mart's CSV; ``published``: the package's tables, which
    its foreign keys may reference."""
    qualified = mart["table"]
    csv = dataset.mart_file(mart, "csv")
    key = list(contract.primary_key)
    fields = []
    for column in mart["columns"]:
        name = column["name"]
        field: dict[str, Any] = {
            "name": name,
            **frictionless_type(column["type"], f"{qualified}.{name}"),
            "description": dataset.column_description(contract, name),
        }
        if is_required(column, key):
            field["constraints"] = {"required": True}
        fields.append(field)
    schema: dict[str, Any] = {"fields": fields, "missingValues": [export.CSV_DIALECT["null"]]}
    if key:
        schema["primaryKey"] = key
    if references := foreign_keys(contract, published):
        schema["foreignKeys"] = references
    return {
        "name": dataset.table_name(qualified),
        "path": csv["path"],
        "profile": "tabular-data-resource",
        "title": dataset.title(contract, qualified),
        "description": dataset.description(contract, qualified),
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": export.CSV_DIALECT["encoding"],
        "bytes": csv["bytes"],
        "hash": f"sha256:{csv['sha256']}",
        "dialect": {
            "delimiter": export.CSV_DIALECT["delimiter"],
            "quoteChar": export.CSV_DIALECT["quote"],
            "doubleQuote": True,
            "header": export.CSV_DIALECT["header"],
        },
        "schema": schema,
    }


def publications(sources: Iterable[SourceFile]) -> list[dict[str, str]]:
    """One entry per publication the release was built from (files of one publication share its
    title and publisher), sorted by title: ``title``, ``path`` (its URL, where known),
    ``publisher``, ``published`` (where known)."""
    seen: dict[tuple[str, str], dict[str, str]] = {}
    for source in sources:
        if source.synthetic:
            continue
        entry = {"title": source.title}
        if source.url:
            entry["path"] = source.url
        entry["publisher"] = source.publisher
        if source.published:
            entry["published"] = source.published
        seen.setdefault((source.title, source.publisher), entry)
    return [seen[k] for k in sorted(seen)]


def package(info: ReleaseInfo) -> dict[str, Any]:
    """The whole descriptor (see the module docstring)."""
    published = {mart["table"] for mart in info.marts}
    return {
        "profile": "tabular-data-package",
        "name": "frontline",
        "id": f"frontline-release-{info.release_id}",
        "title": dataset.CATALOGUE_TITLE,
        "description": dataset.CATALOGUE_DESCRIPTION,
        "version": info.release_id,
        "created": info.created_at,
        "licenses": [lic.as_frictionless() for lic in dataset.release_licences(info.sources)],
        "contributors": [{"title": dataset.PUBLISHER, "role": "publisher"}],
        "sources": publications(info.sources),
        "resources": [
            resource(mart, dataset.contract_of(info.contracts, mart), published)
            for mart in info.marts
        ],
    }


def write_datapackage(
    con: duckdb.DuckDBPyConnection, folder: Path, info: ReleaseInfo
) -> list[dict[str, Any]]:
    return [write_file(folder, DATAPACKAGE, to_json(package(info)), kind="datapackage")]
