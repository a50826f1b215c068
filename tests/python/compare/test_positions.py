"""Ranks, percentile ranks, quartile bands, z-scores and Oflog MADs."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontline_stats.compare.positions import (
    _r_quantiles_type7,
    mads_from_median,
    percentile_rank,
    position_frame,
    quartile_band,
    rank_min,
    z_score,
)

VALUES = [10.0, 20.0, 20.0, 5.0]


def test_rank_min_by_polarity():
    # higher is better: 20, 20 share rank 1, then 10 is 3rd (min ties skip 2), 5 is 4th
    assert rank_min(VALUES, "higher_is_better").tolist() == [3, 1, 1, 4]
    assert rank_min(VALUES, "lower_is_better").tolist() == [2, 3, 3, 1]
    # no polarity: by value, highest first
    assert rank_min(VALUES, None).tolist() == [3, 1, 1, 4]


def test_missing_values_get_no_rank_and_do_not_count():
    ranks = rank_min([3.0, np.nan, 1.0], "higher_is_better")
    assert ranks.tolist() == [1, pd.NA, 2]
    assert percentile_rank([3.0, np.nan, 1.0], "higher_is_better").tolist()[::2] == [100.0, 50.0]
    assert quartile_band([3.0, np.nan, 1.0], "higher_is_better").tolist() == ["A", None, "D"]


def test_percentile_rank_counts_values_no_better():
    # higher is better, worst to best: 5, 10, 20, 20 -> at-or-below counts 1, 2, 4, 4 of n = 4
    assert percentile_rank(VALUES, "higher_is_better").tolist() == [50.0, 100.0, 100.0, 25.0]
    # lower is better, worst to best: 20, 20, 10, 5 -> 2, 2, 3, 4 of 4
    assert percentile_rank(VALUES, "lower_is_better").tolist() == [75.0, 50.0, 50.0, 100.0]


def test_quartile_bands_for_eight_and_five():
    # n = 8, values 1..8: R type 7 quartiles 2.75, 4.5, 6.25 -> two values in each band
    values = [8, 7, 6, 5, 4, 3, 2, 1]
    assert quartile_band(values, "higher_is_better").tolist() == list("AABBCCDD")
    assert quartile_band(values, "lower_is_better").tolist() == list("DDCCBBAA")
    # n = 5, values 1..5: quartiles 2, 3, 4 fall on values, which go to the band below:
    # 5 > 4 -> A; 4 <= 4 -> B; 3 <= 3 -> C; 2 <= 2 and 1 -> D
    assert quartile_band([5, 4, 3, 2, 1], "higher_is_better").tolist() == list("ABCDD")
    assert quartile_band([5, 4, 3, 2, 1], "lower_is_better").tolist() == list("DCBAA")
    # n = 6, values 1..6: quartiles 2.25, 3.5, 4.75
    assert quartile_band([6, 5, 4, 3, 2, 1], "higher_is_better").tolist() == list("AABCDD")


def test_quartile_bands_of_152_councils_are_38_each():
    # 0..151: quartiles 37.75, 75.5, 113.25
    bands = quartile_band(np.arange(152.0), "higher_is_better")
    assert bands.value_counts().sort_index().tolist() == [38, 38, 38, 38]


def test_ties_on_quartile_boundaries_by_hand():
    # Sorted 10, 20, 20, 20, 30, 40, 50, 50, 50 (n = 9): R type 7 index 1 + 8p is whole for
    # p = .25, .5, .75, so q25 = x[3] = 20, q50 = x[5] = 30, q75 = x[7] = 50. Every 20 sits on
    # q25 and every 50 on q75; each tie stays in the band below its boundary.
    values = [20, 50, 10, 30, 20, 40, 50, 20, 50]
    # lower is better: v <= 20 A; 20 < v <= 30 B; 30 < v <= 50 C; nothing is above q75 -> no D
    assert quartile_band(values, "lower_is_better").tolist() == list("ACABACCAC")
    # higher is better: v <= 20 D; 20 < v <= 30 C; 30 < v <= 50 B; no A
    assert quartile_band(values, "higher_is_better").tolist() == list("DBDCDBBDB")
    # n = 4: 1, 5, 5, 9 -> q25 = 1 + 0.75 * 4 = 4, q50 = 5 (on the tied pair), q75 = 6
    assert quartile_band([9, 5, 5, 1], "higher_is_better").tolist() == list("ACCD")
    assert quartile_band([9, 5, 5, 1], "lower_is_better").tolist() == list("DBBA")


def test_all_equal_values_share_the_lowest_valued_band():
    # q0 = q25 = ... = q100 = 7: every value satisfies v <= q25
    assert quartile_band([7, 7, 7], "higher_is_better").tolist() == list("DDD")
    assert quartile_band([7, 7, 7], "lower_is_better").tolist() == list("AAA")


def test_no_polarity_gives_no_band():
    # LAIT shows '-' for an indicator without polarity
    assert quartile_band([1, 2, 3, 4], None).tolist() == [None, None, None, None]
    assert quartile_band([1.0, np.nan], None).tolist() == [None, None]


def test_quartiles_are_r_type_7():
    # R: quantile(c(1, 2, 4, 8, 16)) -> 0% 1, 25% 2, 50% 4, 75% 8, 100% 16;
    # quantile(c(3, 1, 2, 10)) -> 25% 1.75, 50% 2.5, 75% 4.75
    assert _r_quantiles_type7(np.array([1, 2, 4, 8, 16.0]), (0.25, 0.5, 0.75)) == [2, 4, 8]
    assert _r_quantiles_type7(np.array([3, 1, 2, 10.0]), (0.25, 0.5, 0.75)) == [1.75, 2.5, 4.75]


def test_z_score_uses_population_sd():
    # 2, 4, 4, 4, 5, 5, 7, 9: mean 5, population sd 2
    z = z_score([2, 4, 4, 4, 5, 5, 7, 9])
    assert z.tolist() == pytest.approx([-1.5, -0.5, -0.5, -0.5, 0, 0, 1, 2])
    assert z_score([3, 3, 3]).isna().all()


def test_mads_from_median_unscaled():
    # median 3; |x - 3| = 2, 1, 0, 1, 97 -> MAD = 1 (no 1.4826 factor)
    assert mads_from_median([1, 2, 3, 4, 100]).tolist() == [-2, -1, 0, 1, 97]
    # 1, 1, 1, 2: median 1, deviations 0, 0, 0, 1 -> MAD 0 -> undefined
    assert mads_from_median([1, 1, 1, 2]).isna().all()


def test_mads_ignore_missing_values():
    # 0, 2, 10 (NaN left out): median 2, deviations 2, 0, 8 -> MAD 2
    assert mads_from_median([0, np.nan, 2, 10]).tolist()[::2] == [-1.0, 0.0]


def test_position_frame_within_groups_keeps_index():
    frame = pd.DataFrame(
        {"period": ["y1", "y1", "y2", "y2"], "v": [1.0, 2.0, 30.0, 10.0]}, index=[10, 11, 12, 13]
    )
    out = position_frame(frame, "v", "lower_is_better", group_columns=["period"])
    assert out.index.tolist() == [10, 11, 12, 13]
    assert out["rank"].tolist() == [1, 2, 2, 1]
    assert out["quartile_band"].tolist() == ["A", "D", "D", "A"]  # n = 2: p = 0.25, 0.75


def test_unknown_polarity_is_refused():
    with pytest.raises(ValueError, match="polarity"):
        rank_min([1, 2], "bigger")


polarities = st.sampled_from(["higher_is_better", "lower_is_better", None])
SWAP = {"A": "D", "B": "C", "C": "B", "D": "A"}


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(-20, 20).map(float), min_size=1, max_size=40))
def test_flipping_polarity_swaps_bands(values):
    # The quartiles do not depend on polarity, and each interval between them is A for one
    # polarity and D for the other (B and C likewise): every value swaps, ties included.
    best_high = quartile_band(values, "higher_is_better").tolist()
    best_low = quartile_band(values, "lower_is_better").tolist()
    assert best_low == [SWAP[band] for band in best_high]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=1, max_size=40), polarities)
def test_bands_follow_numpy_percentiles(values, polarity):
    # An independent reading of LAIT's rule: numpy 'linear' percentiles (R type 7) and the
    # inequalities of calculate_quartile_band written out.
    bands = quartile_band(values, polarity).tolist()
    if polarity is None:
        assert bands == [None] * len(values)
        return
    q25, q50, q75 = np.percentile(values, [25, 50, 75], method="linear")
    for value, band in zip(values, bands, strict=True):
        quarter = 0 if value <= q25 else 1 if value <= q50 else 2 if value <= q75 else 3
        expected = "ABCD"[quarter] if polarity == "lower_is_better" else "DCBA"[quarter]
        assert band == expected


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.one_of(st.integers(-5, 5).map(float), st.just(np.nan)), min_size=1, max_size=30),
    polarities,
    st.randoms(use_true_random=False),
)
def test_positions_do_not_depend_on_row_order(values, polarity, rng):
    frame = pd.DataFrame({"code": range(len(values)), "v": values})
    shuffled = frame.sample(frac=1.0, random_state=rng.randint(0, 2**31))
    a = position_frame(frame, "v", polarity).set_index("code").sort_index()
    b = position_frame(shuffled, "v", polarity).set_index("code").sort_index()
    pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-12)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.floats(allow_nan=True, allow_infinity=False, width=32), min_size=1, max_size=30),
    polarities,
)
def test_percentile_rank_within_0_and_100(values, polarity):
    pct = percentile_rank(values, polarity).dropna()
    assert ((pct > 0) & (pct <= 100)).all()
