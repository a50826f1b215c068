"""The home page's search index: one entry per organisation page and area page, small enough to
ship whole (no server), written twice from the same entries:

- ``search-index.js`` sets ``window.FRONTLINE_SEARCH``: a page opened from ``file://`` may load a
  script beside it but Chromium refuses it a ``fetch()`` of a local JSON file;
- ``search-index.json``: the same entries for anyone who wants them as data.

Each entry is ``{"n": name, "t": kind, "p": place, "c": code, "u": page}`` (``u`` relative to the
site folder), sorted by name, kind and code; the script matches every word of a query against the
name, place and code.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Sequence
from typing import Any

from orchestration.publish.site import paths
from orchestration.publish.site.area_pages import area_entries
from orchestration.publish.site.labels import kind_label
from orchestration.publish.site.site_data import SiteData

GLOBAL_NAME = "FRONTLINE_SEARCH"


def search_entries(data: SiteData) -> list[dict[str, str]]:
    entries = [
        {
            "n": org.name,
            "t": kind_label(org.kind),
            "p": org.place,
            "c": org.code,
            "u": _site_relative(paths.organisation_page(org.code)),
        }
        for org in data.organisations.values()
    ]
    entries += [
        {
            "n": name,
            "t": "Area",
            "p": data.organisations[code].place if code in data.organisations else "",
            "c": code,
            "u": _site_relative(paths.area_page(code)),
        }
        for code, name in area_entries(data)
    ]
    return sorted(entries, key=lambda e: (e["n"].lower(), e["t"], e["c"]))


def _site_relative(path: str) -> str:
    return posixpath.relpath(path, paths.SITE_DIR)


def _json(entries: Sequence[dict[str, Any]]) -> str:
    return json.dumps(list(entries), ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def search_index_json(entries: Sequence[dict[str, Any]]) -> str:
    return _json(entries) + "\n"


def search_index_js(entries: Sequence[dict[str, Any]]) -> str:
    # '</' never appears inside a script block this way, whatever a name holds
    body = _json(entries).replace("</", "<\\/")
    return f"window.{GLOBAL_NAME} = {body};\n"
