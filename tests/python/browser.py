"""Headless Chromium for the tests that look at published pages, and axe-core's verdict on them.

The browser is Debian's ``chromium`` (``make browser`` installs it; ``FRONTLINE_CHROMIUM`` names
another executable), driven by Playwright's Python API: Playwright's own browser download cannot
reach its host here. The flags keep Chromium off the closed network (background fetches, component
updates and sync would each be refused) and let it run as root in CI. Missing Chromium fails the
test with the command that installs it: a browser test never passes by being skipped.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# what axe reports at these impacts fails a page
BLOCKING_IMPACTS = ("serious", "critical")
# screenshots and other artefacts tests keep for a person to look at
ARTEFACTS = Path(os.environ.get("FRONTLINE_TEST_ARTEFACTS", "target/test-artefacts"))


def chromium_executable() -> str:
    name = os.environ.get("FRONTLINE_CHROMIUM", "chromium")
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"no {name} executable for the browser tests: run `make browser`")
    return found


@contextlib.contextmanager
def chromium() -> Iterator[Browser]:
    """A headless Chromium, closed on exit."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_executable(), headless=True, args=CHROMIUM_FLAGS
        )
        try:
            yield browser
        finally:
            browser.close()


def axe_violations(page: Page, impacts: tuple[str, ...] = BLOCKING_IMPACTS) -> list[dict[str, Any]]:
    """axe-core's violations on the loaded page at the given impacts: rule id, impact, help and
    the first offending elements, so a failing assertion says what to fix."""
    response = Axe().run(page).response
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"][:3]],
        }
        for v in response["violations"]
        if v["impact"] in impacts
    ]


def screenshot(page: Page, name: str) -> Path:
    """A full-page PNG under the artefacts folder (kept after the run for people to look at)."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTEFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
