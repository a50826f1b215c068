"""The police report card: per force and year-ending quarter, crime and resources against the
force's most similar forces and England and Wales, with a plain-English summary chosen by
thresholds on the comparison figures (as Oflog's automated text does), never a bare rank.

``report_card(positions, periods)`` takes the comparison engine's positions
(int_comparison__positions) and the period dimension (dim_period) and returns one row per force
and period, built from the nearest-neighbours comparison of police force areas:

- the total recorded crime rate (excluding fraud) against the peers and England and Wales, with
  its change on a year earlier;
- officers per 1,000 people, crimes per officer, and budgeted net revenue expenditure per head
  and per officer: each the latest value dated on or before the card's period end (officers are
  counted on 31 March and money is budgeted per financial year);
- ``summary``: the comparison sentence for the crime rate (compare/summary.py), then one
  sentence each on officers and on spend, left out when the figure or the peer median is missing.

Given the force's whole crime-rate series (``rates``: organisation_code, period_end, value), the
card also reads the long view from it: the rate 1, 3 and 5 years before the card's quarter and the
direction of travel over each span (compare/trends.py, by the rate's polarity). The series, not
the positions, gives the year-earlier direction where it has both years.
"""

import pandas as pd

from frontline_stats.compare.summary import comparison_sentence
from frontline_stats.compare.trends import direction_of_travel

CRIME_RATE = "police_crime_rate__total_recorded_crime_excluding_fraud"
CRIME_CHANGE = "police_crime_change__total_recorded_crime_excluding_fraud"
OFFICERS = "police_officers_per_1000_population"
PER_OFFICER = "police_crimes_per_officer"
SPEND_PER_HEAD = "police_net_revenue_expenditure_per_head"
SPEND_PER_OFFICER = "police_net_revenue_expenditure_per_officer"
ORGANISATION_TYPE = "police_force_area"
PEER_SET_TYPE = "nearest_neighbours"
PEER_GROUP_WORDS = "its most similar forces"
# spans of the long view, in years before the card's quarter (the same quarter, so seasons cancel)
TREND_YEARS = (1, 3, 5)

# the crime-rate columns of the card, with their names on it
_CRIME_RATE_COLUMNS = {
    "organisation_code": "organisation_code",
    "organisation_name": "organisation_name",
    "period_key": "period_key",
    "period_label": "period_label",
    "period_end": "period_end",
    "peer_set_id": "peer_set_id",
    "value": "crime_rate",
    "peer_median": "crime_rate_peer_median",
    "peer_weighted_average": "crime_rate_peer_weighted_average",
    "national_value": "crime_rate_england_and_wales",
    "quartile_band": "crime_rate_band",
    "rank_among_peers": "crime_rate_rank_among_peers",
    "peer_count": "peers_compared",
    "mads_from_peer_median": "mads_from_peer_median",
    "direction_vs_year_earlier": "crime_rate_direction_on_year_earlier",
    "polarity": "polarity",
    "unit": "unit",
}
# the columns kept of each resource measure, prefixed on the card (officers_value, ...)
_MEASURE_COLUMNS = [
    "organisation_code",
    "period_end",
    "period_key",
    "value",
    "peer_median",
    "quartile_band",
    "national_value",
    "rank_among_peers",
    "peer_count",
]
# resource measures dated on or before the card's period end, and their prefixes
_LATEST_MEASURES = (
    (OFFICERS, "officers_"),
    (PER_OFFICER, "per_officer_"),
    (SPEND_PER_HEAD, "spend_per_head_"),
    (SPEND_PER_OFFICER, "spend_per_officer_"),
)


def report_card(
    positions: pd.DataFrame, periods: pd.DataFrame, rates: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The report card, one row per force and period, sorted by force_code and period_key.

    ``positions`` has the columns of int_comparison__positions; ``periods`` has period_key,
    period_end and period_label (dim_period); ``rates``, when given, is the crime rate of every
    force and quarter (organisation_code, period_end, value) for the long view.
    """
    periods = periods[["period_key", "period_end", "period_label"]]
    labels = dict(zip(periods["period_key"], periods["period_label"], strict=True))
    positions = positions.merge(
        periods.drop(columns=["period_label"]), on="period_key", how="left", suffixes=("", "_dim")
    )
    positions["period_end"] = pd.to_datetime(positions["period_end"])
    nearest = positions[
        (positions["organisation_type"] == ORGANISATION_TYPE)
        & (positions["peer_set_type"] == PEER_SET_TYPE)
    ]

    rate = nearest[nearest["indicator_code"] == CRIME_RATE]
    card = rate[list(_CRIME_RATE_COLUMNS)].rename(columns=_CRIME_RATE_COLUMNS)
    change = nearest[nearest["indicator_code"] == CRIME_CHANGE][
        ["organisation_code", "period_key", "value"]
    ].rename(columns={"value": "crime_change_percent_on_year_earlier"})
    card = card.merge(change, on=["organisation_code", "period_key"], how="left")
    if rates is not None:
        card = crime_rate_trends(card, rates)

    # Money is budgeted per financial year (period end 31 March): the card shows the latest
    # budget year ending on or before its own period end.
    for indicator, prefix in _LATEST_MEASURES:
        measures = nearest[nearest["indicator_code"] == indicator][_MEASURE_COLUMNS]
        card = latest_on_or_before(card, measures, prefix)

    card["summary"] = [summary(row, labels) for row in card.itertuples()]
    return (
        card.drop(columns=["period_end", "polarity", "unit", "mads_from_peer_median"])
        .rename(columns={"organisation_code": "force_code", "organisation_name": "force_area_name"})
        .sort_values(["force_code", "period_key"])
    )


def crime_rate_trends(card: pd.DataFrame, rates: pd.DataFrame) -> pd.DataFrame:
    """The crime rate 1, 3 and 5 years before each card's quarter (crime_rate_<n>_years_earlier)
    and the direction of travel over each span (crime_rate_direction_over_<n>_years), read from
    the force's whole series: 'No comparison' where either rate is missing. The 1-year direction
    is also the card's crime_rate_direction_on_year_earlier."""
    rates = rates[["organisation_code", "period_end", "value"]].assign(
        period_end=lambda frame: pd.to_datetime(frame["period_end"])
    )
    for years in TREND_YEARS:
        earlier = f"crime_rate_{years}_years_earlier"
        card = card.assign(_earlier_end=card["period_end"] - pd.DateOffset(years=years)).merge(
            rates.rename(columns={"period_end": "_earlier_end", "value": earlier}),
            on=["organisation_code", "_earlier_end"],
            how="left",
        )
        card[f"crime_rate_direction_over_{years}_years"] = [
            direction_of_travel(now, before, polarity if isinstance(polarity, str) else None)
            for now, before, polarity in zip(
                card["crime_rate"], card[earlier], card["polarity"], strict=True
            )
        ]
        card = card.drop(columns=["_earlier_end"])
    card["crime_rate_direction_on_year_earlier"] = card["crime_rate_direction_over_1_years"]
    return card


def latest_on_or_before(card: pd.DataFrame, measures: pd.DataFrame, prefix: str) -> pd.DataFrame:
    """Attach the latest value of a measure dated on or before each card's period end
    (officers are counted on 31 March; crimes per officer exist for years ending March)."""
    measures = measures.sort_values("period_end")
    card = card.sort_values("period_end")
    joined = pd.merge_asof(
        card,
        measures.add_prefix(prefix).rename(columns={f"{prefix}period_end": "period_end"}),
        on="period_end",
        left_by="organisation_code",
        right_by=f"{prefix}organisation_code",
        direction="backward",
    )
    return joined.drop(columns=[f"{prefix}organisation_code"])


def summary(row, labels: dict[str, str]) -> str:
    """The card's plain-English summary: crime rate, then officers, then spend."""
    return (
        comparison_sentence(
            name=row.organisation_name,
            value=row.crime_rate,
            peer_median=row.crime_rate_peer_median,
            mads=row.mads_from_peer_median,
            band=None,
            direction=row.crime_rate_direction_on_year_earlier,
            polarity=row.polarity,
            unit="crimes per 1,000 people",
            decimals=1,
            measure="recorded crime rate",
            peer_group=PEER_GROUP_WORDS,
        )
        + officer_sentence(row, labels)
        + spend_sentence(row, labels)
    )


def officer_sentence(row, labels: dict[str, str]) -> str:
    """' It had 2.10 police officers per 1,000 people (<period>), more than the median of its most
    similar forces (1.95).' or '' when the value or the peers' median is missing."""
    value, median = row.officers_value, row.officers_peer_median
    if pd.isna(value) or pd.isna(median):
        return ""
    relation = "more than" if value > median else "fewer than" if value < median else "as many as"
    return (
        f" It had {value:.2f} police officers per 1,000 people "
        f"({labels.get(row.officers_period_key, row.officers_period_key)}), "
        f"{relation} the median of {PEER_GROUP_WORDS} ({median:.2f})."
    )


def spend_sentence(row, labels: dict[str, str]) -> str:
    """Cost is context, not performance (no polarity): say where it stands, never 'better'."""
    value, median = row.spend_per_head_value, row.spend_per_head_peer_median
    if pd.isna(value) or pd.isna(median):
        return ""
    relation = "more than" if value > median else "less than" if value < median else "the same as"
    return (
        f" Its budgeted net revenue expenditure was \u00a3{value:,.2f} per resident "
        f"({labels.get(row.spend_per_head_period_key, row.spend_per_head_period_key)}), "
        f"{relation} the median of {PEER_GROUP_WORDS} (\u00a3{median:,.2f})."
    )
