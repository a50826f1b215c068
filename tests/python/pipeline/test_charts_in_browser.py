"""The charts of the release published from the shipped data, as a browser draws them and as a
reader meets them: in headless Chromium (``tests/python/browser.py``), no text runs off a
chart's canvas, every chart has its source line, the names the script writes for an organisation
and its peers stay on the canvas and apart, and a chart embedded in a page with
``<object data="...funnel.svg#<code>">`` from ``file://`` is highlighted. One screenshot per kind
of chart is kept under the browser helper's ``ARTEFACTS``.

A sample keeps this to a few seconds: for each indicator family (the indicator code before
``__``), its first indicator's latest period, both kinds of chart, every organisation type.
"""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from orchestration.paths import FrontlinePaths
from tests.python.browser import ARTEFACTS, axe_violations, chromium

SVG = "{http://www.w3.org/2000/svg}"
CLEVELAND, CITY_OF_LONDON = "E23000013", "E23000034"
CRIME_RATE = "police_crime_rate__total_recorded_crime_excluding_fraud"

# every text element's box on the canvas (rotated labels too), the titles, the source lines
MEASURE = """() => {
  const svg = document.documentElement, box = svg.getBoundingClientRect();
  const width = svg.viewBox.baseVal.width, height = svg.viewBox.baseVal.height;
  const scale = width / box.width, out = {texts: [], source: '', title: []};
  for (const t of svg.querySelectorAll('text')) {
    if (!t.textContent.trim()) continue;
    const r = t.getBoundingClientRect();
    out.texts.push({cls: t.getAttribute('class') || '', text: t.textContent,
      x0: (r.left - box.left) * scale, x1: (r.right - box.left) * scale,
      y0: (r.top - box.top) * scale, y1: (r.bottom - box.top) * scale});
    if (t.classList.contains('source')) out.source += (out.source ? ' ' : '') + t.textContent;
    if (t.classList.contains('title')) out.title.push(t.textContent);
  }
  out.width = width; out.height = height;
  return out;
}"""


@pytest.fixture(scope="module")
def release(published: FrontlinePaths) -> Path:
    return published.releases_dir / "latest"


@pytest.fixture(scope="module")
def chart_entries(release: Path) -> list[dict[str, Any]]:
    return json.loads((release / "manifest.json").read_text())["charts"]


@pytest.fixture(scope="module")
def page() -> Iterator[Page]:
    with chromium() as browser:
        yield browser.new_page(viewport={"width": 900, "height": 800})


def sample(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each indicator family's first indicator, at its latest period: both kinds of chart, every
    organisation type."""
    chosen: dict[str, tuple[str, str]] = {}
    for entry in sorted(entries, key=lambda e: (e["indicator_code"], e["period_key"])):
        family = entry["indicator_code"].split("__")[0]
        indicator, _ = chosen.get(family, (entry["indicator_code"], ""))
        if entry["indicator_code"] == indicator:
            chosen[family] = (indicator, entry["period_key"])
    return [e for e in entries if (e["indicator_code"], e["period_key"]) in chosen.values()]


def open_chart(page: Page, path: Path, fragment: str = "") -> dict[str, Any]:
    page.goto(path.resolve().as_uri() + (f"#{fragment}" if fragment else ""))
    return page.evaluate(MEASURE)


def off_canvas(measured: dict[str, Any]) -> list[tuple[str, str]]:
    """The texts whose box leaves the canvas (half a pixel of rounding allowed)."""
    w, h = measured["width"], measured["height"]
    return [
        (t["cls"], t["text"])
        for t in measured["texts"]
        if t["x0"] < -0.5 or t["x1"] > w + 0.5 or t["y0"] < -0.5 or t["y1"] > h + 0.5
    ]


def keep_screenshot(page: Page, name: str) -> None:
    """The chart at its own size, under the artefacts folder."""
    height = page.evaluate("() => document.documentElement.viewBox.baseVal.height")
    page.set_viewport_size({"width": 860, "height": int(height)})
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / f"chart-{name}.png"))
    page.set_viewport_size({"width": 900, "height": 800})


def test_no_text_leaves_the_canvas_and_every_chart_has_its_source_line(
    release: Path, chart_entries: list[dict[str, Any]], page: Page, published_db
) -> None:
    facts = {
        code: (publisher, title, licence)
        for code, publisher, title, licence in published_db.execute(
            "select indicator_code, publisher, source_title, licence from marts.dim_indicator"
        ).fetchall()
    }
    chosen = sample(chart_entries)
    families = {e["indicator_code"].split("__")[0] for e in chart_entries}
    assert {e["indicator_code"].split("__")[0] for e in chosen} == families
    assert {e["kind"] for e in chosen} == {"funnel", "ski_slope"}
    kept = set()
    for entry in chosen:
        measured = open_chart(page, release / entry["path"])
        assert off_canvas(measured) == [], entry["path"]
        assert measured["title"], entry["path"]
        publisher, title, licence = facts[entry["indicator_code"]]
        source = measured["source"]
        assert source.startswith("Source: ") and title in source, entry["path"]
        assert f"Licence: {licence}." in source and "Period: " in source
        assert (measured["width"], measured["height"]) == (entry["width"], entry["height"])
        if entry["kind"] not in kept:
            keep_screenshot(page, entry["kind"])
            kept.add(entry["kind"])


@pytest.mark.parametrize("kind", ["funnel", "ski_slope"])
def test_the_highlighted_force_and_its_peers_are_named_on_the_canvas_and_apart(
    release: Path, page: Page, published_db, kind: str
) -> None:
    peers = [
        code
        for (code,) in published_db.execute(
            "select peer_code from marts.rpt_peer_groups "
            "where peer_set_id = 'nearest_neighbours:police_force_area:k7' "
            "and organisation_code = ? order by peer_rank",
            [CLEVELAND],
        ).fetchall()
    ]
    names = dict(
        published_db.execute(
            "select distinct organisation_code, organisation_name "
            "from marts.rpt_indicator_comparison where comparison_type = 'police_force_area'"
        ).fetchall()
    )
    path = release / f"charts/{CRIME_RATE}/YE2019-12/{kind}.svg"
    measured = open_chart(page, path, CLEVELAND)
    labels = [t for t in measured["texts"] if "fl-label" in t["cls"].split()]
    assert [t["text"] for t in labels] == [names[c] for c in [CLEVELAND, *peers]]
    assert "fl-label-org" in labels[0]["cls"]
    assert off_canvas(measured) == []
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            apart = a["x1"] <= b["x0"] + 1 or b["x1"] <= a["x0"] + 1 or a["y1"] <= b["y0"] + 1
            assert apart or b["y1"] <= a["y0"] + 1, (a["text"], b["text"])
    note = next(t["text"] for t in measured["texts"] if t["cls"] == "selection")
    assert note.startswith(f"Selected: Cleveland; {len(peers)} peers outlined and named")
    keep_screenshot(page, f"{kind}-highlighted")


def test_city_of_london_is_drawn_at_the_edge_of_the_crime_funnel(release: Path) -> None:
    """City of London's crime is about twelve times what its resident population predicts; the
    axis is drawn for the other 41 forces and City of London is an arrow at the top edge with
    its value, said in a note."""
    root = ET.parse(release / f"charts/{CRIME_RATE}/YE2019-12/funnel.svg").getroot()
    top = float(root.get("data-plot").split()[1])
    city = next(g for g in root.iter(f"{SVG}g") if g.get("id") == CITY_OF_LONDON)
    point = city.find(f"{SVG}path").get("d").split("l")[0]
    assert float(point.split()[1]) == pytest.approx(top)
    texts = {t.get("class"): t.text for t in root.iter(f"{SVG}text")}
    assert texts["offscale"].startswith("London, City of: 12.")
    note = " ".join(t.text for t in root.iter(f"{SVG}text") if t.get("class") == "note")
    assert note.startswith("Off the scale: London, City of (12.")
    assert "the other 41 police force areas can be told apart" in note
    y_ticks = [
        float(t.text.replace(",", ""))
        for t in root.iter(f"{SVG}text")
        if t.get("class") == "tick" and t.get("text-anchor") == "end"
    ]
    assert max(y_ticks) < 3


def test_a_chart_in_an_object_element_from_file_is_highlighted(
    release: Path, page: Page, tmp_path: Path
) -> None:
    """As the site embeds it: ``<object data="<relative path>/funnel.svg#<code>">`` in a page
    opened from ``file://``; the chart's own script marks the force and names its peers."""
    chart = release / f"charts/{CRIME_RATE}/YE2019-12/funnel.svg"
    relative = Path(os.path.relpath(chart, tmp_path)).as_posix()
    page_path = tmp_path / "force.html"
    page_path.write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Cleveland</title>'
        f'</head><body><object data="{relative}#{CLEVELAND}" type="image/svg+xml" '
        'style="width:100%">Funnel plot</object></body></html>'
    )
    page.goto(page_path.as_uri())
    page.wait_for_load_state("load")
    [frame] = [f for f in page.frames if f.url.endswith(f"funnel.svg#{CLEVELAND}")]
    state = frame.evaluate(
        "() => [document.querySelector('.selected').id, "
        "document.querySelectorAll('.fl-label').length, "
        "document.getElementById('fl-selection').textContent]"
    )
    assert state[0] == CLEVELAND and state[1] == 8
    assert state[2].startswith("Selected: Cleveland; 7 peers")
    keep_screenshot_of_page(page, "in-object")


def keep_screenshot_of_page(page: Page, name: str) -> None:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / f"chart-{name}.png"), full_page=True)


@pytest.mark.parametrize("kind", ["funnel", "ski_slope"])
def test_axe_finds_nothing_serious_in_a_chart_placed_in_a_page(
    release: Path, page: Page, kind: str
) -> None:
    """The chart's markup inline in a page (as axe reads a document, not an object's content):
    its role, name and description and its text contrast pass axe-core."""
    markup = (release / f"charts/{CRIME_RATE}/YE2019-12/{kind}.svg").read_text(encoding="utf-8")
    markup = markup.split("?>", 1)[1]  # the XML declaration has no place in HTML
    page.set_content(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Chart</title></head>'
        f"<body><main><h1>Chart</h1>{markup}</main></body></html>"
    )
    assert axe_violations(page) == []
