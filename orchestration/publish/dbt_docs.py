"""dbt's documentation site in each release (``dbt-docs/index.html``): the page `dbt docs
generate --static` writes (target/static_index.html), dbt's own single-page app with the project's
manifest and a catalog inlined, so it opens from disk like the report-card site and links to it
from every page's footer.

It is assembled here rather than by running `dbt docs generate`: at publish time this process
holds the staging release database read-write, which locks out a dbt subprocess, and dbt's
catalog of the working database would describe tables the release does not publish. The catalog
is read instead from the release database itself (what dbt-duckdb's catalog query reads: each
published table's columns, types and comments, plus its row count); the manifest is the one the
publish already read (``dbt_manifest()``: every model, source, test, metric and the lineage).
Models the release does not publish appear with the columns their YAML documents.

Deterministic: dbt stamps the manifest with the time and id of its invocation and every node
with its parse time, and seeds with the checkout's absolute path; here those become the
release's created_at and id and the project-relative ``.``, the JSON is written with sorted keys
and the lineage maps sorted, so the same project, data, release id and created_at give the same
bytes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from functools import partial
from importlib.resources import files
from pathlib import Path
from typing import Any

import duckdb

from orchestration.publish.attachment import Attachment, ReleaseInfo, write_file

NAME = "dbt_docs"
PAGE = "dbt-docs/index.html"
# dbt's docs app, and the placeholders `dbt docs generate --static` replaces with the JSON
DBT_DOCS_APP = files("dbt.task.docs").joinpath("index.html")
MANIFEST_PLACEHOLDER = '"MANIFEST.JSON INLINE DATA"'
CATALOG_PLACEHOLDER = '"CATALOG.JSON INLINE DATA"'
CATALOG_SCHEMA = "https://schemas.getdbt.com/dbt/catalog/v1.json"
# manifest entries stamped with their parse time
TIMESTAMPED = ("nodes", "sources", "macros", "metrics", "semantic_models", "unit_tests", "docs")


def release_manifest(manifest: Mapping[str, Any], info: ReleaseInfo) -> dict[str, Any]:
    """dbt's manifest with the run's times, ids and absolute paths replaced by the release's."""
    data = json.loads(json.dumps(manifest))
    created = _epoch(info.created_at)
    data["metadata"].update(
        generated_at=info.created_at,
        invocation_id=info.release_id,
        invocation_started_at=info.created_at,
        run_started_at=info.created_at,
        env={},
        user_id=None,
        send_anonymous_usage_stats=False,
    )
    for kind in TIMESTAMPED:
        for entry in data.get(kind, {}).values():
            if "created_at" in entry:
                entry["created_at"] = created
            if "root_path" in entry:
                entry["root_path"] = "."
    for kind in ("parent_map", "child_map", "group_map"):
        data[kind] = {key: sorted(values) for key, values in data.get(kind, {}).items()}
    return data


def release_catalog(
    con: duckdb.DuckDBPyConnection, manifest: Mapping[str, Any], info: ReleaseInfo
) -> dict[str, Any]:
    """dbt's catalog of the published tables, read from the release database."""
    models = {
        f"{node['schema']}.{node['alias']}": (uid, node)
        for uid, node in manifest["nodes"].items()
        if node["resource_type"] == "model"
    }
    rows = {mart["table"]: mart.get("row_count") for mart in info.marts}
    tables = con.execute(
        "select schema_name || '.' || table_name, comment from duckdb_tables()"
        " where database_name = current_database() order by 1"
    ).fetchall()
    columns: dict[str, dict[str, Any]] = {}
    for table, name, data_type, index, comment in con.execute(
        "select schema_name || '.' || table_name, column_name, data_type, column_index, comment"
        " from duckdb_columns() where database_name = current_database() order by 1, 4"
    ).fetchall():
        columns.setdefault(table, {})[name] = {
            "type": data_type,
            "index": index,
            "name": name,
            "comment": comment,
        }
    nodes = {}
    for table, comment in tables:
        if table not in rows or table not in models:
            continue
        uid, node = models[table]
        nodes[uid] = {
            "metadata": {
                "type": "BASE TABLE",
                "schema": node["schema"],
                "name": node["alias"],
                "database": node["database"],
                "comment": comment,
                "owner": None,
            },
            "columns": columns.get(table, {}),
            "stats": _row_count_stats(rows[table]),
            "unique_id": uid,
        }
    return {
        "metadata": {
            "dbt_schema_version": CATALOG_SCHEMA,
            "dbt_version": manifest["metadata"]["dbt_version"],
            "generated_at": info.created_at,
            "invocation_id": info.release_id,
            "invocation_started_at": info.created_at,
            "env": {},
        },
        "nodes": nodes,
        "sources": {},
        "errors": None,
    }


def docs_page(manifest: Mapping[str, Any], catalog: Mapping[str, Any]) -> str:
    """dbt's docs app with both JSON documents inlined, as `dbt docs generate --static` does."""
    app = DBT_DOCS_APP.read_text(encoding="utf-8")
    for placeholder, document in ((MANIFEST_PLACEHOLDER, manifest), (CATALOG_PLACEHOLDER, catalog)):
        if app.count(placeholder) != 1:
            raise RuntimeError(f"dbt's docs app no longer has one {placeholder} to replace")
        app = app.replace(placeholder, _inline_json(document))
    return app


def inlined_documents(page: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The manifest and catalog a docs page carries: the inverse of ``docs_page``."""
    app = DBT_DOCS_APP.read_text(encoding="utf-8")
    start = app.index(MANIFEST_PLACEHOLDER)
    between = app[start + len(MANIFEST_PLACEHOLDER) : app.index(CATALOG_PLACEHOLDER)]
    if page[:start] != app[:start]:
        raise ValueError("not dbt's docs app of the installed dbt")
    decoder = json.JSONDecoder()
    manifest, end = decoder.raw_decode(page, start)
    if page[end : end + len(between)] != between:
        raise ValueError("no catalog after the manifest")
    catalog, _ = decoder.raw_decode(page, end + len(between))
    return manifest, catalog


def write_dbt_docs(
    con: duckdb.DuckDBPyConnection,
    folder: Path,
    info: ReleaseInfo,
    manifest: Mapping[str, Any],
) -> list[dict[str, Any]]:
    """Write ``dbt-docs/index.html``; its listing entry."""
    page = docs_page(release_manifest(manifest, info), release_catalog(con, manifest, info))
    return [write_file(folder, PAGE, page, kind="dbt_docs")]


def dbt_docs_attachment(manifest: Mapping[str, Any]) -> Attachment:
    """The attachment over dbt's parsed ``manifest`` of the project the run built."""
    return Attachment(NAME, partial(write_dbt_docs, manifest=manifest))


def _inline_json(document: Mapping[str, Any]) -> str:
    # inside a <script>: "</" would end it (JSON allows "<\/" for "</")
    return json.dumps(document, sort_keys=True, separators=(",", ":")).replace("</", "<\\/")


def _epoch(created_at: str) -> float:
    return datetime.fromisoformat(created_at.replace("Z", "+00:00")).timestamp()


def _row_count_stats(row_count: int | None) -> dict[str, Any]:
    if row_count is None:
        return {
            "has_stats": {
                "id": "has_stats",
                "label": "Has Stats?",
                "value": False,
                "include": False,
                "description": "Indicates whether there are statistics for this table",
            }
        }
    return {
        "row_count": {
            "id": "row_count",
            "label": "Row Count",
            "value": row_count,
            "include": True,
            "description": "Rows in the release's table",
        },
        "has_stats": {
            "id": "has_stats",
            "label": "Has Stats?",
            "value": True,
            "include": False,
            "description": "Indicates whether there are statistics for this table",
        },
    }
