"""The change-log page, drawn from ``changelog.json`` when an earlier attachment (the metadata)
wrote one. Its shape is ``orchestration/publish/metadata/changelog.py``'s: a summary, and per
table its status, row counts, the first keys added, removed and changed, and the values that
moved most. Keys that name an organisation link to its page."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from orchestration.publish.site import paths
from orchestration.publish.site.csv_rows import mart_csv_path
from orchestration.publish.site.numbers import plain_number
from orchestration.publish.site.page import Page
from orchestration.publish.site.site_data import SiteData

CHANGELOG_FILE = "changelog.json"
STATUSES = ("added", "removed", "changed", "unchanged")


def read_changelog(folder: Path) -> dict[str, Any] | None:
    path = folder / CHANGELOG_FILE
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def changelog_page(changelog: Mapping[str, Any], data: SiteData, marts) -> Page:
    tables = changelog.get("tables", [])
    context = {
        "previous": changelog.get("previous_release_id"),
        "summary": [
            {"status": s, "count": changelog.get("summary", {}).get(s, 0)} for s in STATUSES
        ],
        "file": CHANGELOG_FILE,
        "tables": [_table(t, data, marts) for t in tables],
        "details": [_details(t, data) for t in tables if t.get("status") == "changed"],
    }
    return Page(paths.CHANGES, "changes.html", "What changed", context)


def _table(entry: Mapping[str, Any], data: SiteData, marts) -> dict[str, Any]:
    columns = [f"+{c}" for c in entry.get("columns_added", [])] + [
        f"-{c}" for c in entry.get("columns_removed", [])
    ]
    return {
        "table": entry["table"],
        "href": mart_csv_path(marts, entry["table"]),
        "status": entry.get("status", ""),
        "rows_before": _count(entry.get("rows_before")),
        "rows_after": _count(entry.get("rows_after")),
        "added": _count(entry.get("rows_added")),
        "removed": _count(entry.get("rows_removed")),
        "changed": _count(entry.get("rows_changed")),
        "columns": ", ".join(columns),
        "compared": entry.get("compared", ""),
    }


def _details(entry: Mapping[str, Any], data: SiteData) -> dict[str, Any]:
    return {
        "table": entry["table"],
        "anchor": "table-" + entry["table"].split(".")[-1],
        "added": [_key(k, data) for k in entry.get("added", [])],
        "rows_added": entry.get("rows_added", 0),
        "removed": [_key(k, data) for k in entry.get("removed", [])],
        "rows_removed": entry.get("rows_removed", 0),
        "changed": [
            {**_key(c.get("key", {}), data), "columns": ", ".join(c.get("columns", []))}
            for c in entry.get("changed", [])
        ],
        "rows_changed": entry.get("rows_changed", 0),
        "largest": [
            {
                **_key(c.get("key", {}), data),
                "column": c.get("column", ""),
                "before": plain_number(c.get("before")),
                "after": plain_number(c.get("after")),
                "change": plain_number(c.get("change")),
            }
            for c in entry.get("largest_changes", [])
        ],
    }


def _key(key: Mapping[str, Any], data: SiteData) -> dict[str, Any]:
    """A row's key as text, with a link to the organisation it names (if it has a page)."""
    text = ", ".join(f"{column} {value}" for column, value in key.items())
    href = None
    for column, value in key.items():
        if column.endswith("_code") and isinstance(value, str) and value in data.organisations:
            href = paths.organisation_page(value)
            break
    return {"key": text, "href": href}


def _count(value: Any) -> str:
    return "" if value is None else f"{value:,}"
