"""The search index lists every organisation page and area page; the list pages lead to every
page without JavaScript."""

from __future__ import annotations

import json

from tests.python.site.html_outline import outline, row_with, table_captioned
from tests.python.site.small_release import CLEVELAND


def test_search_index_entries(small_release):
    folder = small_release.folder
    entries = json.loads((folder / "site/search-index.json").read_text(encoding="utf-8"))
    by_code = {(e["c"], e["t"]): e for e in entries}
    assert by_code[(CLEVELAND, "Police force")] == {
        "n": "Cleveland",
        "t": "Police force",
        "p": "North East",
        "c": CLEVELAND,
        "u": f"org/{CLEVELAND}.html",
    }
    assert by_code[("RR8", "NHS trust")]["p"] == "NHS North East ICB"
    assert by_code[("E06000001", "Area")]["u"] == "area/E06000001.html"
    assert by_code[("HHI", "Prison")]["n"] == "HMP/YOI Holme House"
    assert len(entries) == 7  # six organisations and one area
    for entry in entries:
        assert (folder / "site" / entry["u"]).is_file()
    script = (folder / "site/search-index.js").read_text(encoding="utf-8")
    assert script.startswith("window.FRONTLINE_SEARCH = ")
    assert json.loads(script.removeprefix("window.FRONTLINE_SEARCH = ").rstrip(";\n")) == entries


def test_home_page_search_and_plain_lists(small_release):
    html = small_release.page("index.html")
    page = outline(html)
    assert '<form id="search" class="search" role="search" action="#" hidden>' in html
    assert ("src", "../site/search-index.js") in page.links
    assert ("src", "../site/static/search.js") in page.links
    assert ("../site/type/police_force.html", "Police forces") in page.anchors
    forces = outline(small_release.page("type/police_force.html"))
    names = [row[0] for row in table_captioned(forces, "Police forces").rows[1:]]
    assert names == ["Cleveland", "Durham", "London, City of"]


def test_data_page_lists_tables_and_sources(small_release):
    page = outline(small_release.page("data.html"))
    tables = table_captioned(page, "Published tables")
    assert row_with(tables, "marts.rpt_indicator_comparison")[1] == "7"
    sources = table_captioned(page, "Source datasets")
    assert row_with(sources, "Office for National Statistics")[1:] == [
        "Police force area data tables",
        "Open Government Licence v3.0",
        "1",
    ]
