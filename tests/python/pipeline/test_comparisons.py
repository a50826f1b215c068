"""The comparison marts and charts on the shipped data, checked against a second computation."""

from __future__ import annotations

import json
import statistics
import xml.etree.ElementTree as ET

import pytest
from scipy.stats import norm

RATE = "police_crime_rate__total_recorded_crime_excluding_fraud"


def _rates(con, period: str) -> dict[str, float]:
    """Force rates as published in rpt_police_recorded_crime (forces with no count left out)."""
    rows = dict(
        con.execute(
            "select area_code, crimes_per_1000_population from marts.rpt_police_recorded_crime "
            "where period_key = ? and offence_group_code = 'total_recorded_crime_excluding_fraud' "
            "and area_level = 'police_force_area'",
            [period],
        ).fetchall()
    )
    return {code: rate for code, rate in rows.items() if rate is not None}


def test_report_card_peer_median_is_the_median_of_the_listed_peers(published_db):
    peer_set, peers_listed, median, rate, summary = published_db.execute(
        "select peer_set_id, most_similar_forces, crime_rate_peer_median, crime_rate_per_1000, "
        "summary from marts.rpt_police_report_card "
        "where force_code = 'E23000013' and period_key = 'YE2019-12'"
    ).fetchone()
    peer_codes = [
        code
        for (code,) in published_db.execute(
            "select peer_code from marts.rpt_peer_groups where peer_set_id = ? "
            "and organisation_code = 'E23000013' order by peer_rank",
            [peer_set],
        ).fetchall()
    ]
    rates = _rates(published_db, "YE2019-12")
    assert len(peer_codes) == 7
    assert median == pytest.approx(statistics.median(rates[c] for c in peer_codes))
    assert rate == pytest.approx(rates["E23000013"])
    assert summary.startswith("Cleveland's recorded crime rate of 122.0")
    assert "median of its most similar forces" in summary
    assert peers_listed.count(",") == 6


def test_national_rank_and_band_against_a_second_ranking(published_db):
    rates = _rates(published_db, "YE2019-12")
    lowest_first = sorted(rates, key=rates.get)
    rows = dict(
        (code, (rank, band))
        for code, rank, band in published_db.execute(
            "select organisation_code, national_rank, quartile_band "
            "from marts.rpt_indicator_comparison where indicator_code = ? "
            "and period_key = 'YE2019-12' and peer_set_type = 'all_organisations'",
            [RATE],
        ).fetchall()
    )
    assert rows[lowest_first[0]] == (1, "A")  # lowest crime rate is best
    assert rows[lowest_first[-1]][1] == "D"
    assert rows[lowest_first[-1]][0] == len(rates)


def test_funnel_limits_match_an_independent_computation(published_db):
    crimes, population, x, tau2, lower, upper, lower_998, upper_998 = published_db.execute(
        "select numerator, denominator, funnel_x, funnel_tau2, funnel_lower_95, funnel_upper_95, "
        "funnel_lower_998, funnel_upper_998 from marts.rpt_indicator_comparison "
        "where indicator_code = ? and period_key = 'YE2019-12' "
        "and organisation_code = 'E23000031' and peer_set_type = 'all_organisations'",
        [RATE],
    ).fetchone()
    total_crimes, total_population = published_db.execute(
        "select sum(numerator), sum(denominator) from marts.rpt_indicator_comparison "
        "where indicator_code = ? and period_key = 'YE2019-12' "
        "and peer_set_type = 'all_organisations' and numerator is not null",
        [RATE],
    ).fetchone()
    expected = population * total_crimes / total_population  # indirect standardisation
    assert x == pytest.approx(expected)
    for z, low, high in ((norm.ppf(0.975), lower, upper), (norm.ppf(0.999), lower_998, upper_998)):
        half_width = z * (1 / expected + tau2) ** 0.5  # log method with overdispersion
        assert low == pytest.approx(pow(2.718281828459045, -half_width), rel=1e-5)
        assert high == pytest.approx(pow(2.718281828459045, half_width), rel=1e-5)


def test_release_carries_self_contained_charts(published):
    release = (published.releases_dir / "latest").resolve()
    manifest = json.loads((release / "manifest.json").read_text())
    charts = manifest["charts"]
    funnel = next(
        c
        for c in charts
        if c["indicator_code"] == RATE and c["period_key"] == "YE2019-12" and c["kind"] == "funnel"
    )
    text = (release / funnel["path"]).read_text()
    root = ET.fromstring(text)
    assert root.tag.endswith("svg")
    assert "http://" not in text.replace("http://www.w3.org/2000/svg", "").replace(
        "http://www.w3.org/1999/xlink", ""
    )
    assert "https://" not in text
    assert {c["kind"] for c in charts} == {"funnel", "ski_slope"}
