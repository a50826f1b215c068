"""The report-card website of the release published from the shipped data, as a reader meets it
in headless Chromium (``tests/python/browser.py``): from ``site/index.html`` opened by
``file://``, typing "Cleveland" in the search and following the police force's result by
keyboard leads to its page, which shows the crime rate, its peer median and the report card's
sentence as ``rpt_police_report_card`` holds them; axe-core finds no serious or critical
violation on a page of every kind, and a screenshot of each kind is kept under the browser
helper's ``ARTEFACTS``. Without the browser: the site is listed in the manifest and sealed, a
CSV-row link names the right row, and the site's size stays bounded.
"""

from __future__ import annotations

import csv
import itertools
import json
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from playwright.sync_api import Page

from orchestration.paths import FrontlinePaths
from tests.python.browser import axe_violations, chromium, screenshot

CLEVELAND = "E23000013"
CRIME_RATE = "police_crime_rate__total_recorded_crime_excluding_fraud"
# the site of the shipped data is about 60 MB; this bounds a regression, not the design
MAX_SITE_BYTES = 120_000_000


@pytest.fixture(scope="module")
def release(published: FrontlinePaths) -> Path:
    return published.releases_dir / "latest"


@pytest.fixture(scope="module")
def browser_page() -> Iterator[Page]:
    with chromium() as browser:
        yield browser.new_page(viewport={"width": 1280, "height": 900})


def latest_report_card(con: duckdb.DuckDBPyConnection) -> dict:
    cursor = con.execute(
        """
        select c.crime_rate_per_1000, c.crime_rate_peer_median, c.summary, c.period_label,
            i.decimal_places
        from marts.rpt_police_report_card as c
        join marts.dim_period as p on c.period_key = p.period_key
        join marts.dim_indicator as i on i.indicator_code = ?
        where c.force_code = ?
        order by p.period_end desc limit 1
        """,
        [CRIME_RATE, CLEVELAND],
    )
    names = [d[0] for d in cursor.description]
    return dict(zip(names, cursor.fetchone(), strict=True))


def test_search_cleveland_to_its_report_card(release, browser_page, published_db):
    card = latest_report_card(published_db)
    places = card["decimal_places"]
    page = browser_page
    page.goto((release / "site/index.html").resolve().as_uri())
    search = page.locator("#search-input")
    search.press_sequentially("Cleveland")
    results = page.locator("#search-results a")
    assert results.count() >= 2  # the force, and Redcar and Cleveland at least
    # down the results by keyboard to the police force, then Enter
    search.press("ArrowDown")
    for _ in range(results.count()):
        focused = page.evaluate("() => document.activeElement.textContent")
        if "Police force" in focused:
            break
        page.keyboard.press("ArrowDown")
    assert focused.startswith("Cleveland") and "Police force" in focused, focused
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"site/org/{CLEVELAND}.html")
    assert page.locator("h1").inner_text() == "Cleveland"
    row = page.locator("#report-card ~ .table-wrap tr", has_text="Recorded crime per 1,000 people")
    cells = row.locator("td").all_inner_texts()
    assert cells[0] == card["period_label"]
    assert cells[1] == f"{card['crime_rate_per_1000']:,.{places}f}"
    assert cells[2] == f"{card['crime_rate_peer_median']:,.{places}f}"
    assert page.locator("p.sentence").first.inner_text() == card["summary"]
    screenshot(page, "site-search-to-police-force")


def _sample_pages(release: Path, compared: set[str]) -> dict[str, str]:
    """A page of every kind: home, one organisation of each kind (the first in the search
    index with a comparison, if its kind has one), an area, an indicator, the data page, a list
    page and the change log if any."""
    entries = json.loads((release / "site/search-index.json").read_text(encoding="utf-8"))
    pages = {"home": "index.html"}
    for entry in sorted(entries, key=lambda e: e["c"] not in compared):
        kind = entry["t"].lower().replace(" ", "-")
        pages.setdefault(kind, entry["u"])
    pages["police-force"] = f"org/{CLEVELAND}.html"
    pages["indicator"] = f"indicator/{CRIME_RATE}.html"
    pages["data"] = "data.html"
    pages["list"] = "type/police_force.html"
    if (release / "site/changes.html").exists():
        pages["changes"] = "changes.html"
    return pages


def test_no_serious_accessibility_violations_on_any_kind_of_page(
    release, browser_page, published_db
):
    compared = {
        code
        for (code,) in published_db.execute(
            "select distinct organisation_code from marts.rpt_indicator_comparison"
        ).fetchall()
    }
    pages = _sample_pages(release, compared)
    assert {"council", "police-force", "nhs-trust", "school", "prison", "area"} <= set(pages)
    found = {}
    for kind, rel in sorted(pages.items()):
        browser_page.goto((release / "site" / rel).resolve().as_uri(), wait_until="load")
        found[kind] = axe_violations(browser_page)
        screenshot(browser_page, f"site-{kind}")
    assert found == {kind: [] for kind in pages}


def test_site_listed_sealed_and_bounded(release):
    manifest = json.loads((release / "manifest.json").read_text(encoding="utf-8"))
    files = manifest["site"]
    assert {f["path"] for f in files} == {
        p.relative_to(release).as_posix() for p in (release / "site").rglob("*") if p.is_file()
    }
    sealed = (release / "SHA256SUMS").read_text(encoding="utf-8")
    assert all(f"  {f['path']}\n" in sealed for f in files)
    total = sum(f["bytes"] for f in files)
    assert total < MAX_SITE_BYTES, f"site is {total:,} bytes"


def test_a_csv_row_link_names_its_row(release, published_db):
    html = (release / f"site/org/{CLEVELAND}.html").read_text(encoding="utf-8")
    marker = 'href="../../csv/rpt_indicator_comparison.csv#row='
    start = html.index(marker) + len(marker)
    number = int(html[start : html.index('"', start)])
    with (release / "csv/rpt_indicator_comparison.csv").open(newline="", encoding="utf-8-sig") as f:
        reader = csv.reader(f)
        header = next(reader)
        # row 1 is the header, so row N is the (N - 1)th record after it
        record = dict(zip(header, next(itertools.islice(reader, number - 2, None)), strict=True))
    assert record["organisation_code"] == CLEVELAND
    # the row's value is the one the page prints first in its indicator table
    (value,) = published_db.execute(
        "select value from marts.rpt_indicator_comparison where organisation_code = ? "
        "and indicator_code = ? and period_key = ? and peer_set_id = ?",
        [CLEVELAND, record["indicator_code"], record["period_key"], record["peer_set_id"]],
    ).fetchone()
    assert float(record["value"]) == value
