"""An area's page sets its organisations side by side; an indicator's page gives its definition,
caveats, charts and every organisation's value per period."""

from __future__ import annotations

from tests.python.site.html_outline import outline, row_with, table_captioned
from tests.python.site.small_release import AE, CLEVELAND, CRIME


def test_area_page(small_release):
    page = outline(small_release.page("area/E06000001.html"))
    assert page.headings[0] == (1, "Hartlepool Borough Council")
    assert "Hartlepool Borough Council: the council, 1 police force." in page.text
    force = row_with(table_captioned(page, "police force"), "Cleveland")
    assert force[1:8] == [
        "Police recorded crime per 1000 population: Total (crimes per 1000 population)",
        "year ending December 2019",
        "122.01",
        "102.99",
        "8 of 8",
        "89.23",
        "D (worst quarter)",
    ]
    prison = row_with(table_captioned(page, "prisons"), "HMP/YOI Holme House")
    assert prison[1] == "No comparison in this release"
    pair = row_with(table_captioned(page, "who each organisation could learn from"), "Cleveland")
    assert pair[3:6] == ["Durham", "122.01", "98.50"]


def test_indicator_page(small_release):
    page = outline(small_release.page(f"indicator/{CRIME}.html"))
    assert page.headings[0] == (1, "Police recorded crime per 1000 population: Total")
    assert "lower is better" in page.text
    assert "how Police recorded crime per 1000 population: Total is computed" in page.text
    latest = table_captioned(page, "year ending December 2019")
    # best first: national rank 30, 40, 42
    assert [r[0] for r in latest.rows[1:]] == ["Durham", "Cleveland", "London, City of"]
    assert row_with(latest, "Cleveland")[1:7] == [
        "122.01",
        "69,000",
        "565,000",
        "40",
        "D (worst quarter)",
        "alert: above the 95% limit",
    ]
    earlier = table_captioned(page, "year ending December 2018")
    assert row_with(earlier, "Cleveland")[1] == "115.30"
    assert {o["data"] for o in page.objects} == {
        f"../../charts/{CRIME}/YE2019-12/funnel.svg",
        f"../../charts/{CRIME}/YE2019-12/ski_slope.svg",
    }
    assert "11.9 times the national value" in page.text
    assert ("href", f"../../site/org/{CLEVELAND}.html") in page.links


def test_small_denominators_caveat(small_release):
    page = outline(small_release.page(f"indicator/{AE}.html"))
    assert (
        "1 of the 2 NHS trusts with a value in year ending June 2025 had a denominator of 10 or "
        "less" in page.text
    )
    assert "A specialist children's trust runs an A&E department" in page.text


def test_change_log_page(small_release):
    page = outline(small_release.page("changes.html"))
    assert "against the release published before it, 2025-12-01T00-00-00Z-01234567" in page.text
    every = table_captioned(page, "Each published table")
    assert row_with(every, "marts.rpt_police_report_card")[1:7] == [
        "changed",
        "1",
        "2",
        "1",
        "0",
        "1",
    ]
    changed = table_captioned(page, "rows changed")
    assert changed.rows[1] == [
        "force_code E23000013, period_key YE2019-09",
        "crime_rate_per_1000, summary",
    ]
    moved = table_captioned(page, "values that changed most")
    assert moved.rows[1][1:] == ["crime_rate_per_1000", "120.5", "122.83", "2.33"]
    assert ("../site/org/E23000013.html", "force_code E23000013, period_key YE2019-12") in (
        page.anchors
    )
    # every page's navigation leads to it
    assert ("../site/changes.html", "Changes") in outline(small_release.page("index.html")).anchors


def test_a_ratio_to_the_national_value_is_called_out_only_where_it_means_something():
    from orchestration.publish.site.caveats import derived_caveats
    from orchestration.publish.site.numbers import NumberStyle

    def row(measure: str) -> dict:
        return {
            "indicator_code": measure,
            "comparison_type": "police_force_area",
            "organisation_code": "E23000034",
            "organisation_name": "London, City of",
            "period_label": "year ending December 2019",
            "value": 36.4,
            "national_value": 6.6,
            "denominator": 8165.0,
            "measure": measure,
        }

    caveats = derived_caveats(
        [row("rate_per_1000"), row("percent_change"), row("score")],
        {},
        {"police_force_area": "police force areas"},
    )
    # a rate 5.5 times the national one is worth saying; a change of 36.4% against 6.6% is not
    assert [c.indicator_code for c in caveats] == ["rate_per_1000"]
    assert "5.5 times the national value (6.6)" in caveats[0].text
    assert NumberStyle().format(36.4) == "36.4"
