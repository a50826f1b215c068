"""Measure every chart of a release in headless Chromium: text that runs off the canvas (titles
counted apart), charts without a source line, and, with ``--highlight``, the same with the first
organisation that has peers highlighted (names written by the chart's script).

Usage: ``.venv/bin/python scripts/measure_charts.py var/releases/latest/charts [--highlight]``.
Prints a JSON summary and up to 15 examples of text off the canvas. The suite measures a sample
(``tests/python/pipeline/test_charts_in_browser.py``); this measures them all (about 80 s for the
771 charts of the shipped data).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.python.browser

from tests.python.browser import chromium  # noqa: E402

# each text element's box on screen, mapped back to the SVG's viewBox
MEASURE = """() => {
  const svg = document.documentElement;
  const vb = svg.viewBox.baseVal, W = vb.width, H = vb.height;
  const s = svg.getBoundingClientRect();
  const out = {title_over: 0, text_over: 0, source: 0, over: []};
  for (const t of svg.querySelectorAll('text')) {
    if (!t.textContent.trim()) continue;
    const r = t.getBoundingClientRect();
    const x0 = (r.left - s.left) * W / s.width, x1 = (r.right - s.left) * W / s.width;
    const y0 = (r.top - s.top) * H / s.height, y1 = (r.bottom - s.top) * H / s.height;
    const over = x0 < -0.5 || x1 > W + 0.5 || y0 < -0.5 || y1 > H + 0.5;
    const cls = t.getAttribute('class') || '';
    if (over) {
      out.text_over++;
      if (/\\btitle\\b/.test(cls)) out.title_over++;
      out.over.push([cls, t.textContent.slice(0, 60)]);
    }
    if (/\\bsource\\b/.test(cls)) out.source++;
  }
  return out;
}"""
FIRST_WITH_PEERS = """() => {
  const orgs = [...document.querySelectorAll('g.org')];
  const g = orgs.find(g => g.getAttribute('data-peers')) || orgs[0];
  return g ? g.id : '';
}"""


def measure(charts: Path, highlight: bool) -> tuple[dict, list]:
    files = sorted(charts.rglob("*.svg"))
    totals = {
        "charts": len(files),
        "bytes": sum(f.stat().st_size for f in files),
        "charts_with_title_over": 0,
        "text_over": 0,
        "charts_without_source": 0,
        "highlighted": 0,
        "highlighted_text_over": 0,
    }
    examples: list = []
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1000, "height": 700})
        for file in files:
            page.goto(file.resolve().as_uri())
            found = page.evaluate(MEASURE)
            totals["charts_with_title_over"] += found["title_over"] > 0
            totals["text_over"] += found["text_over"]
            totals["charts_without_source"] += found["source"] == 0
            if found["over"] and len(examples) < 15:
                examples.append((str(file.relative_to(charts)), found["over"][:3]))
            code = page.evaluate(FIRST_WITH_PEERS) if highlight else ""
            if code:
                page.goto(f"{file.resolve().as_uri()}#{code}")
                lit = page.evaluate(MEASURE)
                totals["highlighted"] += 1
                totals["highlighted_text_over"] += lit["text_over"]
                if lit["over"] and len(examples) < 15:
                    examples.append((f"{file.relative_to(charts)}#{code}", lit["over"][:3]))
    return totals, examples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("charts", type=Path, help="a release's charts/ folder")
    parser.add_argument("--highlight", action="store_true", help="also measure highlighted")
    args = parser.parse_args()
    started = time.monotonic()
    totals, examples = measure(args.charts, args.highlight)
    totals["seconds"] = round(time.monotonic() - started, 1)
    print(json.dumps(totals, indent=1))
    for example in examples:
        print(example)


if __name__ == "__main__":
    main()
