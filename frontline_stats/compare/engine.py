"""The comparison engine: every indicator value set against its peers, nationally and over time.

Written once against the registry's shape (organisation x period x indicator, with numerator,
denominator, value and the indicator's measure and polarity), so a new sector gets every
comparison without new code. Called by the dbt Python model int_comparison__positions.

For each organisation type, indicator and period (one "comparison group"):
  * national position over every organisation reporting: rank (ties "min"), percentile rank,
    quartile band A-D by polarity (positions.py), z-score, and the distance from the median in
    MADs, unscaled, as Oflog publishes it;
  * a funnel plot (funnel.py): the ratio method for rates and ratios (observed over expected at
    the pooled national rate), the proportion method for proportions, none for changes and
    published values, with overdispersion, the outlier flag and the shrunk estimate;
  * direction of travel against the previous period and the same period a year earlier.
Then, for each peer set the organisation belongs to: the peers' median, simple mean and weighted
average (sum of numerators / sum of denominators), the organisation's rank within itself and its
peers, and its distance from the peer median in the peers' MADs.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from frontline_stats.compare.all_organisations import all_organisations_aggregates
from frontline_stats.compare.grouped_funnels import grouped_funnels
from frontline_stats.compare.grouped_positions import grouped_positions
from frontline_stats.compare.listed_peer_sets import listed_set_aggregates
from frontline_stats.compare.trends import direction_of_travel

GROUP = ["organisation_type", "indicator_code", "period_key"]

# measure -> funnel kind; measures not listed (changes, published values) get no funnel
FUNNEL_KIND = {"rate_per_1000": "ratio", "ratio": "ratio", "proportion": "proportion"}
# measure -> factor turning sum(numerator) / sum(denominator) into the indicator's units
WEIGHTED_SCALE = {
    "rate_per_1000": 1000.0,
    "ratio": 1.0,
    "percent_change": 100.0,
    "proportion": 1.0,
    "index": 100.0,
    # money per person or per officer: no funnel (money is not a count), weighted average
    "per_head": 1.0,
}

ALL_ORGANISATIONS = "all_organisations"
FUNNEL_COLUMNS = [
    "row_id",
    "funnel_method",
    "funnel_x",
    "funnel_y",
    "funnel_target",
    "funnel_tau2",
    "funnel_lower_95",
    "funnel_upper_95",
    "funnel_lower_998",
    "funnel_upper_998",
    "outlier_flag",
    "shrunk_estimate",
]


def _national_positions(values: pd.DataFrame) -> pd.DataFrame:
    positions = grouped_positions(values["group_id"], values["value"], values["polarity"])
    positions.insert(0, "row_id", values["row_id"].to_numpy())
    return positions.rename(columns={"rank": "national_rank"})


def _funnels(values: pd.DataFrame) -> pd.DataFrame:
    """One funnel per comparison group whose measure has one, over the rows with a numerator and
    a positive denominator."""
    kind = values["measure"].map(FUNNEL_KIND)
    usable = kind.notna() & values["numerator"].notna() & (values["denominator"] > 0)
    if not usable.any():  # no indicator here has a funnel: the columns are still there, empty
        return pd.DataFrame(columns=FUNNEL_COLUMNS)
    frame = values.loc[usable, ["row_id", "group_id", "numerator", "denominator", "value"]]
    frame = frame.rename(columns={"value": "indicator_value"}).assign(kind=kind[usable])
    return grouped_funnels(frame)[FUNNEL_COLUMNS]


def _trends(values: pd.DataFrame) -> pd.DataFrame:
    """Previous period (the latest earlier period of the same type with a row) and the same
    period a year earlier (period end 12 months before)."""
    keys = ["organisation_type", "organisation_code", "indicator_code", "period_type"]
    ordered = values.sort_values([*keys, "period_end"])
    previous = ordered.groupby(keys, sort=False)[["period_key", "value"]].shift(1)
    result = pd.DataFrame(
        {
            "row_id": ordered["row_id"],
            "previous_period_key": previous["period_key"],
            "previous_value": previous["value"],
        }
    )
    year_earlier = ordered[[*keys, "period_end", "period_key", "value"]].copy()
    year_earlier["period_end"] = year_earlier["period_end"] + pd.DateOffset(years=1)
    joined = ordered[["row_id", *keys, "period_end"]].merge(
        year_earlier.rename(
            columns={"period_key": "year_earlier_period_key", "value": "year_earlier_value"}
        ),
        on=[*keys, "period_end"],
        how="left",
    )
    result = result.merge(
        joined[["row_id", "year_earlier_period_key", "year_earlier_value"]], on="row_id"
    )
    merged = values[["row_id", "value", "polarity"]].merge(result, on="row_id")
    for label, column in (("previous", "previous_value"), ("year_earlier", "year_earlier_value")):
        merged[f"direction_vs_{label}"] = [
            direction_of_travel(current, before, polarity or None)
            for current, before, polarity in zip(
                merged["value"], merged[column], merged["polarity"], strict=True
            )
        ]
    return merged.drop(columns=["value", "polarity"])


AGGREGATES = [
    "row_id",
    "peer_set_id",
    "peer_set_type",
    "peer_count",
    "peer_median",
    "peer_simple_mean",
    "numerator_sum",
    "denominator_sum",
    "denominators_missing",
    "peer_mad",
    "peers_better",
]


def _peer_statistics(values: pd.DataFrame, peer_groups: pd.DataFrame) -> pd.DataFrame:
    """One row per organisation x period x indicator x peer set: the published and computed sets
    from their member lists, 'all organisations' from the comparison group itself."""
    stats = pd.concat(
        [listed_set_aggregates(values, peer_groups), _all_organisations_aggregates(values)],
        ignore_index=True,
    )
    return _finish_peer_statistics(stats, values)


def _all_organisations_aggregates(values: pd.DataFrame) -> pd.DataFrame:
    """'Every other organisation of the same type', as a peer set of its own per type."""
    stats = all_organisations_aggregates(values)
    kind = stats["row_id"].map(values.set_index("row_id")["organisation_type"])
    stats.insert(1, "peer_set_id", ALL_ORGANISATIONS + ":" + kind)
    stats.insert(2, "peer_set_type", ALL_ORGANISATIONS)
    return stats[AGGREGATES]


def _finish_peer_statistics(stats: pd.DataFrame, values: pd.DataFrame) -> pd.DataFrame:
    """Weighted average, rank among peers and MADs from the peer median, from the aggregates."""
    own = values.iloc[stats["row_id"].to_numpy()]  # row_id is the position in values
    stats = stats.assign(value=own["value"].to_numpy(), measure=own["measure"].to_numpy())
    scale = stats["measure"].map(WEIGHTED_SCALE)
    usable = scale.notna() & (stats["denominators_missing"] == 0) & (stats["denominator_sum"] != 0)
    stats["peer_weighted_average"] = np.where(
        usable, scale * stats["numerator_sum"] / stats["denominator_sum"].where(usable), np.nan
    )
    has_value = stats["value"].notna()
    stats["rank_among_peers"] = np.where(has_value, 1 + stats["peers_better"], np.nan)
    stats["mads_from_peer_median"] = np.where(
        has_value & (stats["peer_mad"] > 0),
        (stats["value"] - stats["peer_median"]) / stats["peer_mad"].where(stats["peer_mad"] > 0),
        np.nan,
    )
    return stats[
        [
            "row_id",
            "peer_set_id",
            "peer_set_type",
            "peer_count",
            "peer_median",
            "peer_simple_mean",
            "peer_weighted_average",
            "rank_among_peers",
            "mads_from_peer_median",
        ]
    ]


def compare(values: pd.DataFrame, peer_groups: pd.DataFrame) -> pd.DataFrame:
    """The comparison rows for ``values`` (int_comparison__indicator_values) and ``peer_groups``
    (rpt_peer_groups): one row per organisation x period x indicator x peer set, sorted."""
    values = values.sort_values([*GROUP, "organisation_code"]).reset_index(drop=True)
    values["row_id"] = np.arange(len(values))
    values["group_id"] = values.groupby(GROUP, sort=True).ngroup()
    values["period_end"] = pd.to_datetime(values["period_end"])
    values["polarity"] = values["polarity"].where(values["polarity"].notna(), None)

    national = _national_positions(values)
    funnels = _funnels(values)
    trends = _trends(values)
    peers = _peer_statistics(values, peer_groups)

    # row_id is each value's position, in the output's order: align on it rather than merge
    per_value = values.copy()
    for part in (national, funnels, trends):
        aligned = part.set_index("row_id").reindex(values["row_id"])
        for column in aligned.columns:
            per_value[column] = aligned[column].array
    peers = peers.sort_values(["row_id", "peer_set_id"], kind="stable")
    result = per_value.iloc[peers["row_id"].to_numpy()].reset_index(drop=True)
    for column in peers.columns.drop("row_id"):
        result[column] = peers[column].array
    result["mads_from_median"] = result["mads_from_median"].astype(float)
    result["outlier_flag"] = result["outlier_flag"].fillna("none")
    return result.drop(columns=["row_id", "group_id"])
