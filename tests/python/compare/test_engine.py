"""The comparison engine on small frames whose answers are worked out by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontline_stats.compare.engine import ALL_ORGANISATIONS, compare

PEERS = pd.DataFrame(
    {
        "peer_set_id": ["mine"] * 2,
        "peer_set_type": ["user_defined"] * 2,
        "organisation_type": ["police_force_area"] * 2,
        "organisation_code": ["A", "A"],
        "peer_code": ["B", "C"],
    }
)


def _values(rates: dict[str, tuple[float, float]], period="YE2019-12", end="2019-12-31"):
    """A rate-per-1,000 indicator: code -> (crimes, population)."""
    rows = []
    for code, (crimes, population) in rates.items():
        rows.append(
            {
                "organisation_type": "police_force_area",
                "organisation_code": code,
                "organisation_name": code,
                "country_code": "E92000001",
                "period_key": period,
                "period_label": period,
                "period_type": "year_ending",
                "period_end": end,
                "indicator_code": "crime_rate",
                "indicator_name": "Crime rate",
                "unit": "per 1,000",
                "measure": "rate_per_1000",
                "polarity": "lower_is_better",
                "peer_average_method": "weighted",
                "decimal_places": 1,
                "value": 1000 * crimes / population,
                "numerator": crimes,
                "denominator": population,
                "status_symbol": None,
                "national_value": None,
                "national_geography_code": None,
            }
        )
    return pd.DataFrame(rows)


FORCES = {"A": (100, 1000), "B": (50, 1000), "C": (300, 2000), "D": (80, 1000)}


def test_peer_statistics_by_hand():
    result = compare(_values(FORCES), PEERS)
    row = result[(result.organisation_code == "A") & (result.peer_set_id == "mine")].iloc[0]
    # peers B = 50 and C = 150 per 1,000: median 100, simple mean 100,
    # weighted 1000 * (50 + 300) / (1000 + 2000) = 116.67
    assert row.peer_median == pytest.approx(100)
    assert row.peer_simple_mean == pytest.approx(100)
    assert row.peer_weighted_average == pytest.approx(1000 * 350 / 3000)
    # A = 100 among {100, 50, 150}, lower is better: B is better, so A ranks 2
    assert row.rank_among_peers == 2
    assert row.peer_count == 2
    # nationally: 50 (B) < 80 (D) < 100 (A) < 150 (C): A is third
    assert row.national_rank == 3
    assert row.organisations_reporting == 4


def test_every_organisation_is_also_compared_with_all_others():
    result = compare(_values(FORCES), PEERS)
    everyone = result[result.peer_set_type == ALL_ORGANISATIONS]
    assert sorted(everyone.organisation_code) == ["A", "B", "C", "D"]
    assert set(everyone.peer_count) == {3}


def test_funnel_uses_observed_over_expected_at_the_pooled_rate():
    result = compare(_values(FORCES), PEERS)
    row = result[(result.organisation_code == "C") & (result.peer_set_id == "mine")]
    assert row.empty  # C has no user-defined peers
    row = result[(result.organisation_code == "C") & (result.peer_set_type == ALL_ORGANISATIONS)]
    row = row.iloc[0]
    pooled = (100 + 50 + 300 + 80) / 5000
    assert row.funnel_method == "ratio"
    assert row.funnel_x == pytest.approx(2000 * pooled)
    assert row.funnel_y == pytest.approx(300 / (2000 * pooled))


def test_money_per_head_gets_a_weighted_average_but_no_funnel():
    # spend (pounds) / population: A 200, B 100, C 150 per head; no polarity (cost is context)
    values = _values({"A": (200_000, 1000), "B": (100_000, 1000), "C": (300_000, 2000)})
    values["value"] = values["numerator"] / values["denominator"]
    values["measure"], values["polarity"] = "per_head", None
    result = compare(values, PEERS)
    row = result[(result.organisation_code == "A") & (result.peer_set_id == "mine")].iloc[0]
    # peers B and C: (100000 + 300000) / (1000 + 2000) = 133.33 pounds per head
    assert row.peer_weighted_average == pytest.approx(400_000 / 3000)
    assert row.peer_median == pytest.approx(125)
    # money is not a count: no Poisson funnel
    assert result["funnel_method"].isna().all()


def test_direction_of_travel_against_a_year_earlier():
    now = _values(FORCES)
    before = _values(
        {"A": (120, 1000), "B": (40, 1000), "C": (300, 2000), "D": (80, 1000)},
        period="YE2018-12",
        end="2018-12-31",
    )
    result = compare(pd.concat([before, now]), PEERS)
    latest = result[(result.period_key == "YE2019-12") & (result.peer_set_id == "mine")]
    row = latest.iloc[0]
    assert row.year_earlier_period_key == "YE2018-12"
    assert row.direction_vs_year_earlier == "Improving"  # 120 -> 100, lower is better
    assert row.direction_vs_previous == "Improving"


@settings(max_examples=25, deadline=None)
@given(st.randoms(use_true_random=False))
def test_results_do_not_depend_on_row_order(random):
    values = _values(FORCES)
    order = list(range(len(values)))
    random.shuffle(order)
    first = compare(values, PEERS)
    peers = PEERS.sample(frac=1, random_state=random.randint(0, 1000))
    second = compare(values.iloc[order].reset_index(drop=True), peers.reset_index(drop=True))
    pd.testing.assert_frame_equal(first, second, check_exact=True)
    assert np.isfinite(first["funnel_upper_95"]).all()


def test_published_values_alone_have_no_funnel_but_every_column():
    """A run whose indicators are all published values (no numerator, no funnel) still gets the
    funnel columns, empty, and outlier flag 'none'."""
    values = _values(FORCES).assign(measure="published_value", numerator=None, denominator=None)
    result = compare(values, PEERS)
    assert result["funnel_method"].isna().all()
    assert set(result["outlier_flag"]) == {"none"}
    # A's own peers (B, C): median of 50 and 150 per 1,000 is 100
    mine = result[(result["organisation_code"] == "A") & (result["peer_set_id"] == "mine")]
    assert mine["peer_median"].iloc[0] == pytest.approx(100.0)
