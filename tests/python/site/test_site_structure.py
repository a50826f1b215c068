"""Every page of the small release's site: one language, one h1, headings in order, tables with
captions and scoped header cells, charts with a text alternative, the release and licence in the
footer, and only relative links, each to a file the release holds. The same data gives the same
bytes."""

from __future__ import annotations

import posixpath
from pathlib import PurePosixPath

import duckdb
import pytest

from orchestration.publish.site import write_site
from tests.python.site.conftest import make_release
from tests.python.site.html_outline import outline
from tests.python.site.small_release import (
    CITY,
    CLEVELAND,
    DURHAM,
    RELEASE_ID,
    release_info,
)

# the one link out of the release: the licence's own page
EXTERNAL = {"https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"}


def _pages(small_release):
    return sorted(e["path"] for e in small_release.entries if e["path"].endswith(".html"))


def test_the_pages_written(small_release):
    pages = set(_pages(small_release))
    expected = {
        "site/index.html",
        "site/areas.html",
        "site/indicators.html",
        "site/data.html",
        "site/changes.html",
        "site/type/police_force.html",
        "site/type/nhs_trust.html",
        "site/type/prison.html",
        "site/area/E06000001.html",
        *(f"site/org/{code}.html" for code in (CLEVELAND, DURHAM, CITY, "RBS", "RR8", "HHI")),
        *(
            f"site/indicator/{code}.html"
            for code in (
                "nhse_ae_within_4_hours_type_1",
                "police_crime_rate__total_recorded_crime_excluding_fraud",
                "police_net_revenue_expenditure_per_head",
                "police_officers_per_1000_population",
            )
        ),
    }
    assert pages == expected
    others = {e["path"] for e in small_release.entries} - pages
    assert others == {
        "site/search-index.js",
        "site/search-index.json",
        "site/static/search.js",
        "site/static/site.css",
    }
    for entry in small_release.entries:
        assert (small_release.folder / entry["path"]).stat().st_size == entry["bytes"]


def test_accessible_structure_of_every_page(small_release):
    for path in _pages(small_release):
        page = outline((small_release.folder / path).read_text(encoding="utf-8"))
        assert page.lang == "en-GB", path
        levels = [level for level, _ in page.headings]
        assert levels.count(1) == 1 and levels[0] == 1, (path, page.headings)
        for before, after in zip(levels, levels[1:], strict=False):
            assert after <= before + 1, (path, page.headings)
        for table in page.tables:
            assert table.caption, (path, table.rows[:1])
            assert table.header_scopes and all(table.header_scopes), (path, table.caption)
        for chart in page.objects:
            assert chart.get("aria-label"), (path, chart)
        assert "main" in page.ids, path
        assert ("href", "#main") in page.links, path
        assert len(set(page.ids)) == len(page.ids), (path, "duplicate id")


def test_every_page_names_the_release_and_licence(small_release):
    for path in _pages(small_release):
        text = outline((small_release.folder / path).read_text(encoding="utf-8")).text
        assert f"Frontline release {RELEASE_ID}, published 2026-01-02" in text, path
        assert "Open Government Licence v3.0" in text, path
        # the CC BY source's attribution, from the release's sources
        assert "Contains data from mySociety" in text, path


def test_links_are_relative_and_resolve(small_release):
    folder = small_release.folder
    for path in _pages(small_release):
        page = outline((folder / path).read_text(encoding="utf-8"))
        for attribute, target in page.links:
            if target in EXTERNAL:
                continue
            assert "://" not in target and not target.startswith("/"), (path, target)
            file, _, fragment = target.partition("#")
            if not file:
                continue  # a link within the page
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), file))
            assert not resolved.startswith(".."), (path, target)
            exists = (folder / resolved).exists() or resolved == "manifest.json"
            # the release database and manifest are written by the publish itself
            assert exists or PurePosixPath(resolved).name in {"SHA256SUMS", "LICENCE.txt"}, (
                path,
                attribute,
                target,
            )


def test_same_release_same_bytes(small_release, tmp_path):
    con, info = make_release(tmp_path / "again")
    try:
        again = write_site(con, tmp_path / "again", info)
    finally:
        con.close()
    assert [(e["path"], e["sha256"]) for e in again] == [
        (e["path"], e["sha256"]) for e in small_release.entries
    ]


def test_a_release_without_the_marts_gets_no_site(tmp_path):
    con = duckdb.connect(str(tmp_path / "empty.duckdb"))
    con.execute("create schema marts")
    info = release_info([])
    assert write_site(con, tmp_path, info) == []
    assert not (tmp_path / "site").exists()
    con.close()


@pytest.mark.parametrize("path", ["site/index.html", "site/org/E23000013.html"])
def test_static_files_are_linked(small_release, path):
    page = outline((small_release.folder / path).read_text(encoding="utf-8"))
    assert ("href", "../" * (path.count("/")) + "site/static/site.css") in page.links
