"""A page of the site: where it goes, which template draws it, and what the template is given."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Page:
    """``path`` is relative to the release folder (``site/...``); ``context`` is what the
    template reads besides the release and the page's ``root``."""

    path: str
    template: str
    title: str
    context: dict[str, Any] = field(default_factory=dict)
