"""An organisation's page shows its comparisons against its default peer set, printed in the
indicator's style, with the report card's sentence, its peers, mentoring pair and the CSV row
behind each number (checked by reading the CSV independently)."""

from __future__ import annotations

import csv
from pathlib import Path

from tests.python.site.html_outline import outline, row_with, table_captioned
from tests.python.site.small_release import (
    ALDER_HEY,
    CITY,
    CLEVELAND,
    CRIME,
    DURHAM,
    MSF,
    SUMMARY,
)


def _csv_record(folder: Path, href: str) -> dict[str, str]:
    """The record a '#row=N' link names, counting the header as row 1 (RFC 7111)."""
    path, fragment = href.split("#")
    number = int(fragment.removeprefix("row="))
    with (folder / path).open(newline="", encoding="utf-8") as handle:
        records = list(csv.reader(handle))
    header, record = records[0], records[number - 1]
    return dict(zip(header, record, strict=True))


def test_cleveland_against_its_most_similar_forces(small_release):
    page = outline(small_release.page(f"org/{CLEVELAND}.html"))
    assert page.headings[0] == (1, "Cleveland")
    table = table_captioned(page, "each indicator against its peers")
    row = row_with(table, "Police recorded crime per 1000 population: Total")
    # value, peer median (the nearest neighbours' 102.988..., not all forces' 80.5), national
    assert row[1:10] == [
        "year ending December 2019",
        "122.01",
        "102.99",
        "89.23",
        "8 of 8",
        "D (worst quarter)",
        "worsening (on year ending December 2018)",
        "alert: above the 95% limit",
        "nearest neighbours",
    ]


def test_every_comparison_links_to_its_csv_row(small_release):
    page = outline(small_release.page(f"org/{CLEVELAND}.html"))
    links = [h for h, text in page.anchors if "rpt_indicator_comparison.csv#row=" in h]
    assert len(links) == 2  # the latest period and the earlier one
    records = [_csv_record(small_release.folder, h.removeprefix("../../")) for h in links]
    assert {(r["organisation_code"], r["period_key"], r["peer_set_id"]) for r in records} == {
        (CLEVELAND, "YE2019-12", MSF),
        (CLEVELAND, "YE2018-12", MSF),
    }
    latest = next(r for r in records if r["period_key"] == "YE2019-12")
    assert float(latest["value"]) == 122.01258970606386
    assert latest["indicator_code"] == CRIME


def test_report_card_sentence_and_measures(small_release):
    page = outline(small_release.page(f"org/{CLEVELAND}.html"))
    assert SUMMARY in page.text
    assert "An earlier sentence about Cleveland." in page.text
    card = table_captioned(page, "report card measures")
    assert row_with(card, "Recorded crime per 1,000 people")[1:7] == [
        "year ending December 2019",
        "122.01",
        "102.99",
        "89.23",
        "8 of 8",
        "D (worst quarter)",
    ]
    assert row_with(card, "Net revenue expenditure per resident")[1:4] == [
        "2018-19",
        "£225.76",
        "£183.72",
    ]
    [card_link] = [h for h, text in page.anchors if text == "The report card's CSV row"]
    record = _csv_record(small_release.folder, card_link.removeprefix("../../"))
    assert (record["force_code"], record["period_key"]) == (CLEVELAND, "YE2019-12")


def test_earlier_period_peers_and_mentor(small_release):
    page = outline(small_release.page(f"org/{CLEVELAND}.html"))
    history = table_captioned(page, "earlier periods")
    assert row_with(history, "year ending December 2018")[1:4] == ["115.30", "99.10", "85.00"]
    peers = table_captioned(page, "Cleveland's peers")
    assert row_with(peers, "Durham")[1:4] == ["1", "0.120", "Percent aged 65+ (0.16 sd apart)"]
    mentoring = table_captioned(page, "could learn from")
    assert row_with(mentoring, "Police recorded crime")[2:6] == [
        "Durham",
        "122.01",
        "98.50",
        "nearest better-band peer",
    ]


def test_chart_highlighted_on_the_organisation(small_release):
    page = outline(small_release.page(f"org/{CLEVELAND}.html"))
    [chart] = [o for o in page.objects if "/time_series/" not in o["data"]]
    assert chart["data"] == f"../../charts/{CRIME}/YE2019-12/funnel.svg#{CLEVELAND}"
    assert chart["type"] == "image/svg+xml"
    assert "Cleveland highlighted" in chart["aria-label"]
    # the other chart of the period is linked, not drawn
    assert ("href", f"../../charts/{CRIME}/YE2019-12/ski_slope.svg#{CLEVELAND}") in page.links


def test_a_force_page_draws_its_crime_rate_over_time(small_release):
    """The report card carries the force's line chart; a force without one has none."""
    page = outline(small_release.page(f"org/{CLEVELAND}.html"))
    [trend] = [o for o in page.objects if "/time_series/" in o["data"]]
    assert trend["data"] == f"../../charts/time_series/{CRIME}/{CLEVELAND}.svg"
    assert trend["aria-label"].startswith(
        "Line chart: recorded crime per 1,000 people in Cleveland"
    )
    durham = outline(small_release.page(f"org/{DURHAM}.html"))
    assert not [o for o in durham.objects if "/time_series/" in o["data"]]


def test_outlier_flag_and_derived_caveat(small_release):
    page = outline(small_release.page(f"org/{CITY}.html"))
    row = row_with(table_captioned(page, "against its peers"), "Police recorded crime")
    assert row[2] == "1,058.00"
    assert row[8] == "alarm: above the 99.8% limit"
    # 1058 / 89.229 = 11.86 times; denominator 7,737 the smallest of the three forces
    assert (
        "In year ending December 2019, London, City of's value (1,058.00) was 11.9 times the "
        "national value (89.23); its denominator (7,737) is the smallest of the 3 police force "
        "areas compared" in page.text
    )


def test_known_caveat_on_a_childrens_trust(small_release):
    page = outline(small_release.page(f"org/{ALDER_HEY}.html"))
    assert "A specialist children's trust runs an A&E department for children only" in page.text
    row = row_with(table_captioned(page, "against its peers"), "A&E type 1")
    assert row[2:5] == ["91.2%", "59.0%", "60.0%"]


def test_an_organisation_without_comparisons_still_has_a_page(small_release):
    page = outline(small_release.page("org/HHI.html"))
    assert page.headings[0] == (1, "HMP/YOI Holme House")
    assert "No indicator compares HMP/YOI Holme House with its peers" in page.text
    assert ("../../site/area/E06000001.html", "Hartlepool Borough Council") in page.anchors
