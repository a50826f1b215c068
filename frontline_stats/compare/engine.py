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

import warnings

import numpy as np
import pandas as pd

from frontline_stats.compare.funnel import expected_counts, funnel_frame
from frontline_stats.compare.positions import position_frame
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
        [_listed_set_aggregates(values, peer_groups), _all_organisations_aggregates(values)],
        ignore_index=True,
    )
    return _finish_peer_statistics(stats, values)


def _listed_set_aggregates(values: pd.DataFrame, peer_groups: pd.DataFrame) -> pd.DataFrame:
    """Aggregates over each listed peer set, set-wise (vectorised: there are millions of
    organisation-peer pairs, so the joins run on integer codes and every aggregate is built in)."""
    memberships = peer_groups[
        ["peer_set_id", "peer_set_type", "organisation_type", "organisation_code", "peer_code"]
    ]
    # integer codes for the join keys: organisations (and peers) and comparison groups
    # sorted, so ordering by peer id is ordering by peer code
    codes = pd.Index(
        np.sort(
            pd.unique(
                pd.concat(
                    [
                        values["organisation_code"],
                        memberships["organisation_code"],
                        memberships["peer_code"],
                    ],
                    ignore_index=True,
                ).astype(str)
            )
        )
    )
    group_id = values.groupby(GROUP, sort=True).ngroup()
    type_codes = pd.Index(pd.unique(values["organisation_type"].astype(str)))
    own = pd.DataFrame(
        {
            "row_id": values["row_id"],
            "group_id": group_id,
            "type_id": type_codes.get_indexer(values["organisation_type"].astype(str)),
            "org_id": codes.get_indexer(values["organisation_code"].astype(str)),
            "value": values["value"],
            # a boolean, not the polarity text: object columns are slow to copy in big joins
            "higher_better": (values["polarity"] != "lower_is_better").to_numpy(),
        }
    )
    peer_sets = memberships[["peer_set_id", "peer_set_type"]].drop_duplicates("peer_set_id")
    peer_sets = peer_sets.sort_values("peer_set_id").reset_index(drop=True)
    set_codes = pd.Index(peer_sets["peer_set_id"])
    links = pd.DataFrame(
        {
            "set_id": set_codes.get_indexer(memberships["peer_set_id"]),
            "type_id": type_codes.get_indexer(memberships["organisation_type"].astype(str)),
            "org_id": codes.get_indexer(memberships["organisation_code"].astype(str)),
            "peer_id": codes.get_indexer(memberships["peer_code"].astype(str)),
        }
    )
    links = links[links["type_id"] >= 0]
    reported = values["value"].notna()
    peer_values = pd.DataFrame(
        {
            "group_id": group_id[reported],
            "peer_id": codes.get_indexer(values.loc[reported, "organisation_code"].astype(str)),
            "peer_value": values.loc[reported, "value"],
            "numerator": values.loc[reported, "numerator"],
            "denominator": values.loc[reported, "denominator"],
        }
    )
    members = links.merge(own, on=["type_id", "org_id"])
    pairs = members.merge(peer_values, on=["group_id", "peer_id"])
    keys = ["row_id", "set_id"]
    # a fixed order, so floating-point sums are the same whatever order the rows arrived in
    pairs = pairs.sort_values([*keys, "peer_id"], kind="stable").reset_index(drop=True)
    pairs["denominator_missing"] = pairs["denominator"].isna()

    grouped = pairs.groupby(keys, sort=True)
    stats = grouped.agg(
        peer_count=("peer_value", "size"),
        peer_median=("peer_value", "median"),
        peer_simple_mean=("peer_value", "mean"),
        numerator_sum=("numerator", "sum"),
        denominator_sum=("denominator", "sum"),
        denominators_missing=("denominator_missing", "sum"),
    ).reset_index()

    # the peers' own spread: median absolute deviation around the peer median (unscaled)
    pairs["peer_median"] = grouped["peer_value"].transform("median")
    pairs["absolute_deviation"] = (pairs["peer_value"] - pairs["peer_median"]).abs()
    # rank among itself and its peers, ties "min": 1 + peers strictly better
    pairs["peer_is_better"] = np.where(
        pairs["higher_better"],
        pairs["peer_value"] > pairs["value"],
        pairs["peer_value"] < pairs["value"],
    )
    spread = pairs.groupby(keys, sort=True).agg(
        peer_mad=("absolute_deviation", "median"), peers_better=("peer_is_better", "sum")
    )
    stats = stats.merge(spread.reset_index(), on=keys).join(peer_sets, on="set_id")
    return stats[AGGREGATES]


def _all_organisations_aggregates(values: pd.DataFrame) -> pd.DataFrame:
    """'Every other organisation of the same type' in each comparison group, on an n x n matrix
    (row i: the other organisations j with a value), so no pair list is ever built."""
    parts = []
    for _, group in values.groupby(GROUP, sort=True):
        n = len(group)
        if n < 2:
            continue
        value = group["value"].to_numpy(dtype=float)
        others = ~np.eye(n, dtype=bool) & ~np.isnan(value)[None, :]
        count = others.sum(axis=1)
        if not count.any():
            continue
        matrix = np.where(others, value[None, :], np.nan)
        numerators = np.where(others, group["numerator"].to_numpy(dtype=float)[None, :], np.nan)
        denominator = group["denominator"].to_numpy(dtype=float)
        with warnings.catch_warnings():  # a row with no other value: NaN, dropped below
            warnings.simplefilter("ignore", RuntimeWarning)
            median = np.nanmedian(matrix, axis=1)
            mad = np.nanmedian(np.abs(matrix - median[:, None]), axis=1)
        own = value[:, None]
        higher_better = (group["polarity"] != "lower_is_better").to_numpy()[:, None]
        better = np.where(higher_better, matrix > own, matrix < own).sum(axis=1)
        kind = group["organisation_type"].iloc[0]
        frame = pd.DataFrame(
            {
                "row_id": group["row_id"].to_numpy(),
                "peer_set_id": f"{ALL_ORGANISATIONS}:{kind}",
                "peer_set_type": ALL_ORGANISATIONS,
                "peer_count": count,
                "peer_median": median,
                "peer_simple_mean": np.nansum(matrix, axis=1) / np.maximum(count, 1),
                "numerator_sum": np.nansum(numerators, axis=1),
                "denominator_sum": np.nansum(np.where(others, denominator[None, :], np.nan), 1),
                "denominators_missing": (others & np.isnan(denominator)[None, :]).sum(axis=1),
                "peer_mad": mad,
                "peers_better": better,
            }
        )
        parts.append(frame[count > 0])
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=AGGREGATES)


def _finish_peer_statistics(stats: pd.DataFrame, values: pd.DataFrame) -> pd.DataFrame:
    """Weighted average, rank among peers and MADs from the peer median, from the aggregates."""
    stats = stats.merge(values[["row_id", "value", "measure"]], on="row_id")
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
