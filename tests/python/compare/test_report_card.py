"""The police report card on hand-built positions (frontline_stats/report_card.py).

Every expected figure and sentence below is written out by hand from the rows built here.
"""

from types import SimpleNamespace

import pandas as pd
import pytest

from frontline_stats.report_card import (
    CRIME_CHANGE,
    CRIME_RATE,
    OFFICERS,
    PER_OFFICER,
    SPEND_PER_HEAD,
    SPEND_PER_OFFICER,
    officer_sentence,
    report_card,
    spend_sentence,
)

PERIODS = pd.DataFrame(
    {
        "period_key": ["FY2019-03", "YE2019-06", "YE2019-12", "FY2020-03"],
        "period_end": pd.to_datetime(["2019-03-31", "2019-06-30", "2019-12-31", "2020-03-31"]),
        "period_label": [
            "year ending March 2019",
            "year ending June 2019",
            "year ending December 2019",
            "year ending March 2020",
        ],
        "period_type": ["financial_year"] * 4,  # extra dimension columns are ignored
    }
)
CLEVELAND, DURHAM = "E23000013", "E23000008"
NAMES = {CLEVELAND: "Cleveland", DURHAM: "Durham"}


def position(code: str, period: str, indicator: str, value: float | None, **extra) -> dict:
    row = {
        "organisation_type": "police_force_area",
        "organisation_code": code,
        "organisation_name": NAMES[code],
        "period_key": period,
        "period_label": PERIODS.set_index("period_key").loc[period, "period_label"],
        "peer_set_id": f"nn_{code}",
        "peer_set_type": "nearest_neighbours",
        "indicator_code": indicator,
        "value": value,
        "peer_median": None,
        "peer_weighted_average": None,
        "national_value": None,
        "quartile_band": None,
        "rank_among_peers": None,
        "peer_count": None,
        "mads_from_peer_median": None,
        "direction_vs_year_earlier": None,
        "polarity": "lower_is_better" if indicator == CRIME_RATE else None,
        "unit": "crimes per 1,000 people",
    }
    row.update(extra)
    return row


def positions() -> pd.DataFrame:
    rows = [
        position(
            CLEVELAND,
            "YE2019-12",
            CRIME_RATE,
            101.3,
            peer_median=82.1,
            peer_weighted_average=84.0,
            national_value=76.5,
            quartile_band="D",
            rank_among_peers=8,
            peer_count=7,
            mads_from_peer_median=2.0,
            direction_vs_year_earlier="Worsening",
        ),
        position(
            CLEVELAND,
            "YE2019-06",
            CRIME_RATE,
            98.0,
            peer_median=90.0,
            mads_from_peer_median=1.2,
            direction_vs_year_earlier="Improving",
        ),
        position(
            DURHAM,
            "YE2019-06",
            CRIME_RATE,
            70.0,
            peer_median=82.1,
            mads_from_peer_median=-0.3,
            peer_count=7,
        ),
        position(CLEVELAND, "YE2019-12", CRIME_CHANGE, 4.5),
        # officers are counted on 31 March: December 2019 takes March 2019, not March 2020
        position(CLEVELAND, "FY2019-03", OFFICERS, 2.1, peer_median=1.95, rank_among_peers=2),
        position(CLEVELAND, "FY2020-03", OFFICERS, 2.4, peer_median=2.0),
        position(CLEVELAND, "FY2019-03", PER_OFFICER, 48.25, peer_median=41.0),
        position(CLEVELAND, "FY2019-03", SPEND_PER_HEAD, 250.5, peer_median=230.25),
        position(CLEVELAND, "FY2019-03", SPEND_PER_OFFICER, 65000.0, peer_median=61000.0),
        # Durham's spend has no peer median: no spend sentence; no officers at all
        position(DURHAM, "FY2019-03", SPEND_PER_HEAD, 199.0),
        # other peer sets and other organisation types are not on the card
        position(CLEVELAND, "YE2019-12", CRIME_RATE, 1.0, peer_set_type="same_type"),
        position(DURHAM, "YE2019-12", CRIME_RATE, 5.0, organisation_type="local_authority"),
    ]
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def card() -> pd.DataFrame:
    return report_card(positions(), PERIODS)


def test_one_row_per_force_and_period_of_the_nearest_neighbour_crime_rate(card) -> None:
    # sorted by force code (Durham E23000008 before Cleveland E23000013), then period
    assert list(zip(card["force_code"], card["period_key"], strict=True)) == [
        (DURHAM, "YE2019-06"),
        (CLEVELAND, "YE2019-06"),
        (CLEVELAND, "YE2019-12"),
    ]
    for dropped in ("period_end", "polarity", "unit", "mads_from_peer_median"):
        assert dropped not in card.columns
    assert card.columns[:4].tolist() == [
        "force_code",
        "force_area_name",
        "period_key",
        "period_label",
    ]


def test_crime_rate_columns_are_the_positions_renamed(card) -> None:
    row = card.set_index(["force_code", "period_key"]).loc[(CLEVELAND, "YE2019-12")]
    assert row["force_area_name"] == "Cleveland"
    assert row["crime_rate"] == 101.3
    assert row["crime_rate_peer_median"] == 82.1
    assert row["crime_rate_peer_weighted_average"] == 84.0
    assert row["crime_rate_england_and_wales"] == 76.5
    assert row["crime_rate_band"] == "D"
    assert row["crime_rate_rank_among_peers"] == 8
    assert row["peers_compared"] == 7
    assert row["crime_rate_direction_on_year_earlier"] == "Worsening"
    assert row["crime_change_percent_on_year_earlier"] == 4.5
    earlier = card.set_index(["force_code", "period_key"]).loc[(CLEVELAND, "YE2019-06")]
    assert pd.isna(earlier["crime_change_percent_on_year_earlier"])


def test_resources_are_the_latest_on_or_before_the_period_end(card) -> None:
    by_key = card.set_index(["force_code", "period_key"])
    december = by_key.loc[(CLEVELAND, "YE2019-12")]
    assert december["officers_value"] == 2.1  # March 2019; March 2020 is after December 2019
    assert december["officers_period_key"] == "FY2019-03"
    assert december["officers_peer_median"] == 1.95
    assert december["officers_rank_among_peers"] == 2
    assert december["per_officer_value"] == 48.25
    assert december["spend_per_head_value"] == 250.5
    assert december["spend_per_officer_value"] == 65000.0
    assert december["spend_per_officer_peer_median"] == 61000.0
    durham = by_key.loc[(DURHAM, "YE2019-06")]
    assert pd.isna(durham["officers_value"]) and pd.isna(durham["officers_period_key"])
    assert durham["spend_per_head_value"] == 199.0


def test_summaries(card) -> None:
    keys = zip(card["force_code"], card["period_key"], strict=True)
    summaries = dict(zip(keys, card["summary"], strict=True))
    assert summaries[(CLEVELAND, "YE2019-12")] == (
        "Cleveland's recorded crime rate of 101.3 crimes per 1,000 people is well above the "
        "median of its most similar forces (82.1) and is worsening. "
        "It had 2.10 police officers per 1,000 people (year ending March 2019), more than the "
        "median of its most similar forces (1.95). "
        "Its budgeted net revenue expenditure was \u00a3250.50 per resident (year ending March "
        "2019), more than the median of its most similar forces (\u00a3230.25)."
    )
    assert summaries[(DURHAM, "YE2019-06")] == (
        "Durham's recorded crime rate of 70.0 crimes per 1,000 people is close to the median of "
        "its most similar forces (82.1)."
    )
    assert summaries[(CLEVELAND, "YE2019-06")].startswith(
        "Cleveland's recorded crime rate of 98.0 crimes per 1,000 people is above the median of "
        "its most similar forces (90.0) and is improving. It had 2.10 police officers"
    )


def test_officer_and_spend_sentences_say_where_the_figure_stands() -> None:
    labels = {"FY2019-03": "year ending March 2019"}
    row = SimpleNamespace(
        officers_value=1.95,
        officers_peer_median=1.95,
        officers_period_key="FY2019-03",
        spend_per_head_value=1234.5,
        spend_per_head_peer_median=1300.0,
        spend_per_head_period_key="FY2018-03",  # no label: the key itself
    )
    assert officer_sentence(row, labels) == (
        " It had 1.95 police officers per 1,000 people (year ending March 2019), as many as the "
        "median of its most similar forces (1.95)."
    )
    assert spend_sentence(row, labels) == (
        " Its budgeted net revenue expenditure was \u00a31,234.50 per resident (FY2018-03), less "
        "than the median of its most similar forces (\u00a31,300.00)."
    )
    fewer = SimpleNamespace(**{**vars(row), "officers_value": 1.5})
    assert ", fewer than the median" in officer_sentence(fewer, labels)
    assert (
        officer_sentence(SimpleNamespace(**{**vars(row), "officers_peer_median": None}), {}) == ""
    )
    assert spend_sentence(SimpleNamespace(**{**vars(row), "spend_per_head_value": None}), {}) == ""


def test_the_long_view_reads_the_whole_series() -> None:
    # Cleveland's rate in December 2019 is 101.3; the series gives December 2018 (104.0), 2016
    # (90.0) and 2014 (101.3): lower is better, so Improving over a year, Worsening over three,
    # No change over five. June 2019 has no earlier quarter in the series: No comparison.
    series = pd.DataFrame(
        {
            "organisation_code": [CLEVELAND] * 3 + [DURHAM],
            "period_end": pd.to_datetime(["2018-12-31", "2016-12-31", "2014-12-31", "2018-06-30"]),
            "value": [104.0, 90.0, 101.3, 71.0],
        }
    )
    card = report_card(positions(), PERIODS, series).set_index(["force_code", "period_key"])
    december = card.loc[(CLEVELAND, "YE2019-12")]
    assert (
        december["crime_rate_1_years_earlier"],
        december["crime_rate_3_years_earlier"],
        december["crime_rate_5_years_earlier"],
    ) == (104.0, 90.0, 101.3)
    assert (
        december["crime_rate_direction_on_year_earlier"],
        december["crime_rate_direction_over_3_years"],
        december["crime_rate_direction_over_5_years"],
    ) == ("Improving", "Worsening", "No change")
    # the series, not the engine's direction ('Worsening' in the positions), gives the year
    assert december["crime_rate_direction_on_year_earlier"] == "Improving"
    june = card.loc[(CLEVELAND, "YE2019-06")]
    assert june["crime_rate_direction_over_1_years"] == "No comparison"
    assert pd.isna(june["crime_rate_5_years_earlier"])
    # Durham, June 2019 (70.0) on June 2018 (71.0): a lower rate is Improving
    assert card.loc[(DURHAM, "YE2019-06"), "crime_rate_direction_over_1_years"] == "Improving"
