"""The engine's many-groups-at-once statistics agree, group by group, with the one-group
reference implementations they replace in the loop (positions.py, funnel.py) and with a pair
list built by hand for the peer aggregates."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from frontline_stats.compare import listed_peer_sets
from frontline_stats.compare.all_organisations import all_organisations_aggregates
from frontline_stats.compare.funnel import expected_counts, funnel_frame
from frontline_stats.compare.grouped_funnels import grouped_funnels
from frontline_stats.compare.grouped_positions import grouped_positions
from frontline_stats.compare.listed_peer_sets import listed_set_aggregates
from frontline_stats.compare.positions import position_frame

POLARITIES = ["higher_is_better", "lower_is_better", None]


def _groups(seed: int, groups: int = 60) -> pd.DataFrame:
    """Groups of 1 to 70 organisations: counts, denominators, gaps, ties and zero counts."""
    rng = np.random.default_rng(seed)
    rows = []
    for group_id in range(groups):
        size = int(rng.integers(1, 71))
        denominator = rng.integers(50, 5000, size).astype(float)
        rate = rng.uniform(0.01, 0.4)
        numerator = rng.binomial(denominator.astype(int), rate * rng.uniform(0.5, 1.5, size))
        numerator = numerator.astype(float)
        if group_id % 7 == 0:
            numerator[: size // 3] = min(numerator[0], denominator[: size // 3].min())  # ties
        value = np.round(numerator / denominator, 3 if group_id % 2 else 6)
        value[rng.random(size) < 0.1] = np.nan  # not reported
        rows.append(
            pd.DataFrame(
                {
                    "group_id": group_id,
                    "organisation_code": [f"O{i:03d}" for i in range(size)],
                    "organisation_type": "kind",
                    "value": value,
                    "numerator": numerator,
                    "denominator": denominator,
                    "polarity": POLARITIES[group_id % 3],
                    "kind": "ratio" if group_id % 2 else "proportion",
                }
            )
        )
    frame = pd.concat(rows, ignore_index=True)
    frame.insert(0, "row_id", np.arange(len(frame)))
    return frame


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_grouped_positions_equal_position_frame_per_group(seed):
    frame = _groups(seed)
    grouped = grouped_positions(frame["group_id"], frame["value"], frame["polarity"])
    for _, group in frame.groupby("group_id"):
        reported = group[group["value"].notna()]
        expected = position_frame(reported, "value", group["polarity"].iloc[0])
        actual = grouped.loc[reported.index]
        assert actual["rank"].tolist() == expected["rank"].tolist()
        assert actual["quartile_band"].tolist() == expected["quartile_band"].tolist()
        for column in ("percentile_rank", "z_score", "mads_from_median"):
            np.testing.assert_allclose(actual[column], expected[column], rtol=1e-12, atol=1e-12)
        assert (actual["organisations_reporting"] == len(reported)).all()
        assert grouped.loc[group.index.difference(reported.index), "rank"].isna().all()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_grouped_funnels_equal_funnel_frame_per_group(seed):
    frame = _groups(seed).rename(columns={"value": "indicator_value"})
    frame["indicator_value"] = 1000 * frame["numerator"] / frame["denominator"]
    grouped = grouped_funnels(frame).set_index("row_id")
    for _, group in frame.groupby("group_id"):
        kind = group["kind"].iloc[0]
        if kind == "ratio":
            one = group.assign(expected=expected_counts(group["numerator"], group["denominator"]))
            expected = funnel_frame(one, "ratio", "numerator", "expected")
            x = one["expected"]
        else:
            expected = funnel_frame(group, "proportion", "numerator", "denominator")
            x = group["denominator"]
        actual = grouped.loc[group["row_id"]]
        pairs = {
            "funnel_x": x,
            "funnel_y": expected["value"],
            "funnel_target": expected["target"],
            "funnel_tau2": expected["tau2"],
            "funnel_lower_95": expected["lower_95"],
            "funnel_upper_95": expected["upper_95"],
            "funnel_lower_998": expected["lower_998"],
            "funnel_upper_998": expected["upper_998"],
        }
        for column, reference in pairs.items():
            np.testing.assert_allclose(
                actual[column], reference, rtol=1e-10, atol=1e-14, err_msg=column
            )
        assert actual["outlier_flag"].tolist() == expected["outlier_flag"].tolist()
        # shrunk: a ratio in the indicator's units, by the median value per unit of O/E
        per_unit = np.nanmedian(group["indicator_value"] / expected["value"])
        shrunk = expected["shrunk_value"] * (per_unit if kind == "ratio" else 1.0)
        np.testing.assert_allclose(actual["shrunk_estimate"], shrunk, rtol=1e-10)
    assert grouped["funnel_tau2"].gt(0).any()  # overdispersion is exercised, not always zero
    assert set(grouped["outlier_flag"]) == {"none", "alert", "alarm"}


def test_a_proportion_above_one_is_refused_with_its_rows():
    frame = _groups(4, groups=2)
    frame = frame[frame["kind"] == "proportion"].rename(columns={"value": "indicator_value"})
    frame.loc[frame.index[0], "numerator"] = frame["denominator"].iloc[0] + 1
    with pytest.raises(
        ValueError, match=rf"numerator above its denominator in rows \[{frame['row_id'].iloc[0]}\]"
    ):
        grouped_funnels(frame)


def _pairs_by_hand(frame: pd.DataFrame, peers_of) -> pd.DataFrame:
    """Each row's aggregates over the peers ``peers_of(row)`` names, one row at a time."""
    rows = []
    for row in frame.itertuples():
        peers = frame[
            (frame["group_id"] == row.group_id)
            & frame["organisation_code"].isin(peers_of(row))
            & frame["value"].notna()
        ]
        if peers.empty:
            continue
        median = peers["value"].median()
        better = (
            peers["value"] < row.value
            if row.polarity == "lower_is_better"
            else peers["value"] > row.value
        )
        rows.append(
            {
                "row_id": row.row_id,
                "peer_count": len(peers),
                "peer_median": median,
                "peer_simple_mean": peers["value"].mean(),
                "numerator_sum": peers["numerator"].sum(),
                "denominator_sum": peers["denominator"].sum(),
                "denominators_missing": peers["denominator"].isna().sum(),
                "peer_mad": (peers["value"] - median).abs().median(),
                "peers_better": better.sum(),
            }
        )
    return pd.DataFrame(rows).set_index("row_id")


def _assert_same_aggregates(actual: pd.DataFrame, expected: pd.DataFrame) -> None:
    actual = actual.set_index("row_id").loc[expected.index]
    for column in expected.columns:
        np.testing.assert_allclose(
            actual[column].astype(float), expected[column].astype(float), rtol=1e-12, err_msg=column
        )


def test_all_organisations_aggregates_equal_the_pairs_by_hand():
    frame = _groups(5, groups=25)
    frame.loc[frame.index[::11], "denominator"] = np.nan
    expected = _pairs_by_hand(
        frame, lambda row: set(frame["organisation_code"]) - {row.organisation_code}
    )
    _assert_same_aggregates(all_organisations_aggregates(frame), expected)


@pytest.mark.parametrize(
    "batch", [listed_peer_sets.VALUES_PER_BATCH, 7], ids=["one batch", "seven"]
)
def test_listed_set_aggregates_equal_the_pairs_by_hand(monkeypatch, batch):
    """Also over batches of seven rows' groups: each group's rows meet their peers in one batch."""
    monkeypatch.setattr(listed_peer_sets, "VALUES_PER_BATCH", batch)
    frame = _groups(6, groups=25).sample(frac=1, random_state=3)  # batches by group, not row order
    frame.loc[frame.index[::13], "denominator"] = np.nan
    codes = sorted(set(frame["organisation_code"]))
    # each organisation's peers: the next five codes round the list
    peers_of = {
        code: codes[(i + 1) % len(codes) : (i + 1) % len(codes) + 5] for i, code in enumerate(codes)
    }
    peer_groups = pd.DataFrame(
        [
            {
                "peer_set_id": "next_five",
                "peer_set_type": "user_defined",
                "organisation_type": "kind",
                "organisation_code": code,
                "peer_code": peer,
            }
            for code, peers in peers_of.items()
            for peer in peers
        ]
    )
    expected = _pairs_by_hand(frame, lambda row: peers_of[row.organisation_code])
    actual = listed_set_aggregates(frame, peer_groups)
    assert set(actual["peer_set_id"]) == {"next_five"}
    _assert_same_aggregates(actual, expected)
