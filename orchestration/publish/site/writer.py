"""Writing the site into the release folder (``site/``) and listing its files.

The pages, the search index and the static files (CSS, the search script) are written in path
order from data read in a fixed order, so the same release gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from orchestration.publish.attachment import ReleaseInfo, write_file
from orchestration.publish.dbt_docs import PAGE as DBT_DOCS_PAGE
from orchestration.publish.site import paths
from orchestration.publish.site.area_pages import area_pages
from orchestration.publish.site.changelog import changelog_page, read_changelog
from orchestration.publish.site.indicator_pages import indicator_pages
from orchestration.publish.site.list_pages import all_list_pages
from orchestration.publish.site.organisation_pages import organisation_pages
from orchestration.publish.site.render import environment, render
from orchestration.publish.site.search_index import (
    search_entries,
    search_index_js,
    search_index_json,
)
from orchestration.publish.site.site_data import load_site_data

STATIC = Path(__file__).with_name("static")


def write_site(
    con: duckdb.DuckDBPyConnection, folder: Path, info: ReleaseInfo
) -> list[dict[str, Any]]:
    """Write the site under ``folder/site``; return one entry per file (path, kind, sha256,
    bytes), sorted by path. Returns ``[]`` when the release has no comparisons to show."""
    data = load_site_data(con, folder, info)
    if not data.organisations and not data.indicators:
        return []
    changelog = read_changelog(folder)
    pages = [
        *all_list_pages(data, folder, info, changelog is not None),
        *organisation_pages(data),
        *area_pages(data),
        *indicator_pages(data),
    ]
    if changelog is not None:
        pages.append(changelog_page(changelog, data, info.marts))
    env = environment()
    if (folder / DBT_DOCS_PAGE).is_file():  # written by the dbt_docs attachment before the site
        env.globals["dbt_docs"] = DBT_DOCS_PAGE
    entries = [
        write_file(
            folder, page.path, render(env, page, data.release, changelog is not None), kind="page"
        )
        for page in pages
    ]
    entries_for_search = search_entries(data)
    entries.append(
        write_file(
            folder, paths.SEARCH_INDEX_JS, search_index_js(entries_for_search), kind="search"
        )
    )
    entries.append(
        write_file(
            folder, paths.SEARCH_INDEX_JSON, search_index_json(entries_for_search), kind="search"
        )
    )
    for static in sorted(STATIC.iterdir()):
        if static.is_file():
            entries.append(
                write_file(
                    folder, f"{paths.STATIC}/{static.name}", static.read_bytes(), kind="static"
                )
            )
    return sorted(entries, key=lambda e: e["path"])
