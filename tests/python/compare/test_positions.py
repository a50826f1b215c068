"""Ranks, percentile ranks, quartile bands, z-scores and Oflog MADs."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orchestration.compare.positions import (
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
    # n = 8, p = (r - 0.5)/8: ranks 1-2 A, 3-4 B, 5-6 C, 7-8 D
    values = [8, 7, 6, 5, 4, 3, 2, 1]
    assert quartile_band(values, "higher_is_better").tolist() == list("AABBCCDD")
    assert quartile_band(values, "lower_is_better").tolist() == list("DDCCBBAA")
    # n = 5, p = 0.1, 0.3, 0.5, 0.7, 0.9 -> A, B, B (the middle one), C, D
    assert quartile_band([5, 4, 3, 2, 1], "higher_is_better").tolist() == list("ABBCD")
    # n = 6, p = 1/12, 3/12 (boundary -> A), 5/12, 7/12, 9/12 (boundary -> D), 11/12
    assert quartile_band([6, 5, 4, 3, 2, 1], "higher_is_better").tolist() == list("AABCDD")


def test_quartile_bands_of_152_councils_are_38_each():
    bands = quartile_band(np.arange(152.0), "higher_is_better")
    assert bands.value_counts().sort_index().tolist() == [38, 38, 38, 38]


def test_ties_stay_together_in_the_band_of_their_best_member():
    # n = 4, ranks 1, 2, 2, 4: the tied pair both take r = 2, p = 1.5/4 -> B
    assert quartile_band([9, 5, 5, 1], "higher_is_better").tolist() == list("ABBD")


def test_no_polarity_bands_run_from_highest_value():
    assert quartile_band([1, 2, 3, 4], None).tolist() == list("DCBA")


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


distinct = st.lists(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), min_size=1, max_size=40, unique=True
)
polarities = st.sampled_from(["higher_is_better", "lower_is_better", None])
SWAP = {"A": "D", "B": "C", "C": "B", "D": "A"}


@settings(max_examples=100, deadline=None)
@given(distinct)
def test_flipping_polarity_swaps_bands(values):
    # Distinct values: no ties across band boundaries. Only the middle organisation of an odd
    # number maps onto itself (p = 1/2) and keeps band B.
    best_high = quartile_band(values, "higher_is_better").tolist()
    best_low = quartile_band(values, "lower_is_better").tolist()
    n = len(values)
    middle = sorted(values)[n // 2] if n % 2 else None
    for value, high, low in zip(values, best_high, best_low, strict=True):
        if value == middle:
            assert high == low == "B"
        else:
            assert low == SWAP[high]


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
