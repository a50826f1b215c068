"""Where each page of the site lives, as a path relative to the release folder.

Every link the site writes is relative (``root`` + a release-relative path, where ``root`` climbs
from the page's folder back to the release folder), so the site works from ``file://`` and from
any static host, wherever the release folder is put.
"""

from __future__ import annotations

import functools
import posixpath

SITE_DIR = "site"
HOME = f"{SITE_DIR}/index.html"
AREAS = f"{SITE_DIR}/areas.html"
INDICATORS = f"{SITE_DIR}/indicators.html"
DATA = f"{SITE_DIR}/data.html"
CHANGES = f"{SITE_DIR}/changes.html"
STATIC = f"{SITE_DIR}/static"
SEARCH_INDEX_JSON = f"{SITE_DIR}/search-index.json"
SEARCH_INDEX_JS = f"{SITE_DIR}/search-index.js"


@functools.lru_cache(maxsize=65536)  # a site links the same few thousand codes 100,000s of times
def _name(code: str) -> str:
    """A code as a file name. The marts' codes are ASCII letters, digits, '_', '.' and '-' and
    are used as they are; any other code becomes 'x-' and its UTF-8 bytes in hex, so a name
    never needs escaping in a link and two codes never share a file."""
    if _plain(code):
        return code
    return "x-" + code.encode("utf-8").hex()


def _plain(code: str) -> bool:
    return (
        bool(code)
        and not code.startswith((".", "x-"))
        and all(c.isascii() and (c.isalnum() or c in "_.-") for c in code)
    )


def organisation_page(code: str) -> str:
    return f"{SITE_DIR}/org/{_name(code)}.html"


def area_page(code: str) -> str:
    return f"{SITE_DIR}/area/{_name(code)}.html"


def indicator_page(code: str) -> str:
    return f"{SITE_DIR}/indicator/{_name(code)}.html"


def kind_page(kind: str) -> str:
    return f"{SITE_DIR}/type/{_name(kind)}.html"


def root_of(page: str) -> str:
    """The relative path from a page's folder up to the release folder ('../' per level)."""
    depth = len(posixpath.dirname(page).split("/")) if posixpath.dirname(page) else 0
    return "../" * depth


def csv_row(csv_path: str | None, row: int | None) -> str | None:
    """An RFC 7111 link to one row of a release CSV (header = row 1)."""
    if csv_path is None or row is None:
        return None
    return f"{csv_path}#row={row}"
