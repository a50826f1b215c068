"""The change-log page, drawn from ``changelog.json`` when an earlier attachment wrote one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from orchestration.publish.site import paths
from orchestration.publish.site.page import Page
from orchestration.publish.site.site_data import SiteData

CHANGELOG_FILE = "changelog.json"


def read_changelog(folder: Path) -> dict[str, Any] | None:
    path = folder / CHANGELOG_FILE
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def changelog_page(changelog: dict[str, Any], data: SiteData) -> Page:
    return Page(paths.CHANGES, "changes.html", "What changed", {"changelog": changelog})
