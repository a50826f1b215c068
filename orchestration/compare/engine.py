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

from orchestration.compare.funnel import expected_counts, funnel_frame
from orchestration.compare.positions import position_frame
from orchestration.compare.trends import direction_of_travel

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
    parts = []
    for _, group in values.groupby(GROUP, sort=True):
        reported = group[group["value"].notna()]
        polarity = group["polarity"].iloc[0]
        positions = position_frame(reported, "value", polarity)
        parts.append(
            positions[
                [
                    "row_id",
                    "rank",
                    "percentile_rank",
                    "quartile_band",
                    "z_score",
                    "mads_from_median",
                ]
            ].assign(organisations_reporting=len(reported))
        )
    columns = ["row_id", "rank", "percentile_rank", "quartile_band", "z_score", "mads_from_median"]
    if not parts:
        return pd.DataFrame(columns=[*columns, "organisations_reporting"])
    return pd.concat(parts).rename(columns={"rank": "national_rank"})


def _funnels(values: pd.DataFrame) -> pd.DataFrame:
    parts = []
    for _, group in values.groupby(GROUP, sort=True):
        kind = FUNNEL_KIND.get(group["measure"].iloc[0])
        usable = group[group["numerator"].notna() & (group["denominator"] > 0)]
        if kind is None or usable.empty:
            continue
        frame = usable[["row_id", "numerator", "denominator", "value"]].rename(
            columns={"value": "indicator_value"}
        )
        if kind == "ratio":
            frame["funnel_x"] = expected_counts(frame["numerator"], frame["denominator"])
            funnel = funnel_frame(frame, "ratio", "numerator", "funnel_x")
        else:
            frame["funnel_x"] = frame["denominator"]
            funnel = funnel_frame(frame, "proportion", "numerator", "denominator")
        # the shrunk estimate in the indicator's own units: ratio x (value per unit of ratio)
        per_unit = np.where(
            funnel["value"] > 0, funnel["indicator_value"] / funnel["value"], np.nan
        )
        per_unit = np.nanmedian(per_unit) if np.isfinite(per_unit).any() else np.nan
        shrunk = funnel["shrunk_value"] * (per_unit if kind == "ratio" else 1.0)
        parts.append(
            pd.DataFrame(
                {
                    "row_id": funnel["row_id"],
                    "funnel_method": kind,
                    "funnel_x": funnel["funnel_x"],
                    "funnel_y": funnel["value"],
                    "funnel_target": funnel["target"],
                    "funnel_tau2": funnel["tau2"],
                    "funnel_lower_95": funnel["lower_95"],
                    "funnel_upper_95": funnel["upper_95"],
                    "funnel_lower_998": funnel["lower_998"],
                    "funnel_upper_998": funnel["upper_998"],
                    "outlier_flag": funnel["outlier_flag"],
                    "shrunk_estimate": shrunk,
                }
            )
        )
    if not parts:  # no indicator here has a funnel: the columns are still there, empty
        return pd.DataFrame(columns=FUNNEL_COLUMNS)
    return pd.concat(parts)


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


def _peer_statistics(values: pd.DataFrame, peer_groups: pd.DataFrame) -> pd.DataFrame:
    """One row per organisation x period x indicator x peer set, computed set-wise (vectorised:
    there are tens of thousands of organisation-peer-set pairs)."""
    memberships = _with_all_organisations(values, peer_groups)
    own = values[[*GROUP, "organisation_code", "row_id", "value", "polarity", "measure"]]
    members = memberships.merge(own, on=["organisation_type", "organisation_code"])
    peer_values = values[[*GROUP, "organisation_code", "value", "numerator", "denominator"]].rename(
        columns={"organisation_code": "peer_code", "value": "peer_value"}
    )
    pairs = members.merge(peer_values, on=[*GROUP, "peer_code"])
    keys = ["row_id", "peer_set_id"]
    # a fixed order, so floating-point sums are the same whatever order the rows arrived in
    pairs = pairs[pairs["peer_value"].notna()].sort_values([*keys, "peer_code"]).copy()

    grouped = pairs.groupby(keys, sort=True)
    stats = grouped.agg(
        peer_set_type=("peer_set_type", "first"),
        peer_count=("peer_value", "size"),
        peer_median=("peer_value", "median"),
        peer_simple_mean=("peer_value", "mean"),
        numerator_sum=("numerator", "sum"),
        denominator_sum=("denominator", "sum"),
        denominators_missing=("denominator", lambda d: d.isna().sum()),
    ).reset_index()

    # the peers' own spread: median absolute deviation around the peer median (unscaled)
    pairs = pairs.merge(stats[[*keys, "peer_median"]], on=keys)
    pairs["absolute_deviation"] = (pairs["peer_value"] - pairs["peer_median"]).abs()
    # rank among itself and its peers, ties "min": 1 + peers strictly better
    higher_better = pairs["polarity"] != "lower_is_better"
    pairs["peer_is_better"] = np.where(
        higher_better, pairs["peer_value"] > pairs["value"], pairs["peer_value"] < pairs["value"]
    )
    spread = pairs.groupby(keys, sort=True).agg(
        peer_mad=("absolute_deviation", "median"), peers_better=("peer_is_better", "sum")
    )
    stats = stats.merge(spread.reset_index(), on=keys).merge(
        values[["row_id", "value", "measure"]], on="row_id"
    )

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


def _with_all_organisations(values: pd.DataFrame, peer_groups: pd.DataFrame) -> pd.DataFrame:
    """The published and computed peer sets, plus 'every other organisation of the same type'."""
    organisations = values[["organisation_type", "organisation_code"]].drop_duplicates()
    everyone = organisations.merge(
        organisations.rename(columns={"organisation_code": "peer_code"}), on="organisation_type"
    )
    everyone = everyone[everyone["organisation_code"] != everyone["peer_code"]].assign(
        peer_set_id=lambda f: ALL_ORGANISATIONS + ":" + f["organisation_type"],
        peer_set_type=ALL_ORGANISATIONS,
    )
    published = peer_groups[
        ["peer_set_id", "peer_set_type", "organisation_type", "organisation_code", "peer_code"]
    ]
    return pd.concat([published, everyone], ignore_index=True)


def compare(values: pd.DataFrame, peer_groups: pd.DataFrame) -> pd.DataFrame:
    """The comparison rows for ``values`` (int_comparison__indicator_values) and ``peer_groups``
    (rpt_peer_groups): one row per organisation x period x indicator x peer set, sorted."""
    values = values.sort_values([*GROUP, "organisation_code"]).reset_index(drop=True)
    values["row_id"] = np.arange(len(values))
    values["period_end"] = pd.to_datetime(values["period_end"])
    values["polarity"] = values["polarity"].where(values["polarity"].notna(), None)

    national = _national_positions(values)
    funnels = _funnels(values)
    trends = _trends(values)
    peers = _peer_statistics(values, peer_groups)

    result = (
        values.merge(national, on="row_id", how="left")
        .merge(funnels, on="row_id", how="left")
        .merge(trends, on="row_id", how="left")
        .merge(peers, on="row_id", how="inner")
    )
    result["mads_from_median"] = result["mads_from_median"].astype(float)
    result["outlier_flag"] = result["outlier_flag"].fillna("none")
    sort = [*GROUP, "organisation_code", "peer_set_id"]
    return result.drop(columns=["row_id"]).sort_values(sort).reset_index(drop=True)
