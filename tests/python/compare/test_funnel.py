"""Funnel plots: limits against scipy and exact binomial coverage, overdispersion by hand."""

import math
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from frontline_stats.compare.chi2 import chi2_ppf, regularised_lower_gamma
from frontline_stats.compare.funnel import (
    Z95,
    Z998,
    exact_poisson_ratio_limits,
    expected_counts,
    funnel_frame,
    funnel_limits,
    outlier_flag,
    overdispersion_tau2,
    proportion_limits,
    ratio_limits,
    shrunk_estimate,
)


def test_z_constants_match_normal_quantiles():
    assert Z95 == pytest.approx(stats.norm.ppf(0.975), abs=1e-6)
    assert Z998 == pytest.approx(stats.norm.ppf(0.999), abs=1e-6)


def test_proportion_limits_by_hand():
    # O = 10, 30 of n = 100, 100: target 40/200 = 0.2, theta = asin(sqrt 0.2) = 0.4636476;
    # at n = 100, s = 1/(2*10) = 0.05, half-width 1.959964 * 0.05 = 0.0979982;
    # limits sin^2(0.3656494) = 0.1278 and sin^2(0.5616458) = 0.2836.
    limits = proportion_limits([10, 30], [100, 100])
    assert limits.target == pytest.approx(0.2)
    assert limits.lower[0] == pytest.approx(math.sin(0.4636476 - 0.0979982) ** 2, abs=1e-6)
    assert limits.upper[0] == pytest.approx(math.sin(0.4636476 + 0.0979982) ** 2, abs=1e-6)
    assert limits.lower[0] == pytest.approx(0.1278, abs=1e-4)
    assert limits.upper[0] == pytest.approx(0.2836, abs=1e-4)


def test_proportion_limits_clip_at_zero_and_one():
    # p = 0.01, n = 10: theta = 0.1002, half-width 1.96 / (2 sqrt 10) = 0.3099 -> angle below 0,
    # clipped to 0 (sin^2 of the negative angle would wrongly give 0.043).
    limits = proportion_limits([0.1], [10], target=0.01)
    assert limits.lower[0] == 0.0
    high = proportion_limits([9.9], [10], target=0.99)
    assert high.upper[0] == 1.0


def test_funnel_limits_by_hand():
    # the one implementation both the engine's published limits and the chart curves use
    target = 0.6
    theta = math.asin(math.sqrt(target))
    assert funnel_limits("proportion", [400], target, z=Z95).upper[0] == pytest.approx(
        math.sin(theta + Z95 / 40) ** 2
    )
    assert funnel_limits("proportion", [400], target, tau2=0.01, z=Z998).lower[0] == (
        pytest.approx(math.sin(theta - Z998 * math.sqrt(1 / 1600 + 0.01)) ** 2)
    )
    assert funnel_limits("proportion", [4], 0.99, z=Z998).upper[0] == 1.0  # clipped, no wrap
    assert funnel_limits("proportion", [4], 0.01, z=Z998).lower[0] == 0.0
    assert funnel_limits("ratio", [25], 1.0, z=Z95).upper[0] == pytest.approx(math.exp(Z95 / 5))
    assert funnel_limits("ratio", [25], 1.0, tau2=0.04, z=Z95).lower[0] == pytest.approx(
        math.exp(-Z95 * math.sqrt(0.08))
    )
    # a ratio target scales the limits; x missing or not positive gives NaN
    assert funnel_limits("ratio", [25], 2.0, z=Z95).upper[0] == pytest.approx(2 * math.exp(Z95 / 5))
    for kind in ("proportion", "ratio"):
        limits = funnel_limits(kind, [0.0, -1.0, np.nan], 0.5)
        assert np.isnan(limits.lower).all() and np.isnan(limits.upper).all()
    with pytest.raises(ValueError, match="within"):
        funnel_limits("proportion", [10], 1.5)
    with pytest.raises(ValueError, match="kind"):
        funnel_limits("rate", [10], 1.0)


def test_funnel_limits_near_zero_run_off_without_warnings():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        limits = funnel_limits("ratio", [1e-9], 1.0, z=Z998)
    assert limits.upper[0] == math.inf and limits.lower[0] == 0.0


def test_the_wrappers_are_funnel_limits():
    n = np.array([10.0, 150.0, 2000.0])
    for z in (Z95, -Z998):
        by_kind = funnel_limits("proportion", n, 0.3, tau2=0.002, z=z)
        wrapped = proportion_limits([1, 1, 1], n, target=0.3, tau2=0.002, z=z)
        assert np.array_equal(by_kind.lower, wrapped.lower)
        assert np.array_equal(by_kind.upper, wrapped.upper)
        by_kind = funnel_limits("ratio", n, 1.0, tau2=0.002, z=z)
        wrapped = ratio_limits(n, tau2=0.002, z=z)
        assert np.array_equal(by_kind.lower, wrapped.lower)
        assert np.array_equal(by_kind.upper, wrapped.upper)


@pytest.mark.parametrize("n", [50, 200, 1000])
@pytest.mark.parametrize("p", [0.1, 0.3, 0.5])
def test_proportion_limits_cover_binomial_counts(n, p):
    # Independent route: the exact Binomial(n, p) probability of landing inside the limits.
    # Counts are discrete, so coverage is near, not at, nominal (0.9946 for n = 50, p = 0.1).
    for z, nominal, tolerance in ((Z95, 0.95, 0.02), (Z998, 0.998, 0.005)):
        limits = proportion_limits([p * n], [n], target=p, z=z)
        inside_low = math.ceil(limits.lower[0] * n - 1e-9)
        inside_high = math.floor(limits.upper[0] * n + 1e-9)
        coverage = stats.binom.cdf(inside_high, n, p) - stats.binom.cdf(inside_low - 1, n, p)
        assert coverage == pytest.approx(nominal, abs=tolerance)


def test_ratio_limits_against_scipy_normal():
    # E = 100: exp(+- z * sqrt(1/100)) = exp(+- 0.1959964) = 0.8220, 1.2165
    e = np.array([4.0, 100.0, 2500.0])
    for level, z in ((0.975, Z95), (0.999, Z998)):
        limits = ratio_limits(e, z=z)
        half = stats.norm.ppf(level) / np.sqrt(e)
        assert np.allclose(limits.lower, np.exp(-half), rtol=1e-6)
        assert np.allclose(limits.upper, np.exp(half), rtol=1e-6)
    assert ratio_limits([100.0]).upper[0] == pytest.approx(1.2165, abs=1e-4)
    # overdispersion widens: tau^2 = 0.01 at E = 100 -> exp(1.959964 * sqrt(0.02))
    assert ratio_limits([100.0], tau2=0.01).upper[0] == pytest.approx(math.exp(Z95 * 0.02**0.5))


@pytest.mark.parametrize("e", [0.5, 1.0, 3.7, 10.0, 100.0, 1000.0, 123456.0])
@pytest.mark.parametrize("alpha", [0.05, 0.002])
def test_exact_poisson_limits_against_scipy_chi2(e, alpha):
    limits = exact_poisson_ratio_limits([e], alpha=alpha)
    lower = stats.chi2.ppf(alpha / 2, 2 * e) / (2 * e)
    upper = stats.chi2.ppf(1 - alpha / 2, 2 * (e + 1)) / (2 * e)
    assert limits.lower[0] == pytest.approx(lower, rel=1e-9)
    assert limits.upper[0] == pytest.approx(upper, rel=1e-9)


@pytest.mark.parametrize("df", [0.3, 1.0, 7.5, 60.0, 5000.0])
@pytest.mark.parametrize("p", [1e-6, 0.001, 0.5, 0.999])
def test_chi2_without_scipy_matches_scipy(df, p):
    assert chi2_ppf(p, df) == pytest.approx(stats.chi2.ppf(p, df), rel=1e-9)
    assert regularised_lower_gamma(df / 2, df / 2) == pytest.approx(
        stats.gamma.cdf(df / 2, df / 2), rel=1e-11
    )


def test_overdispersion_by_hand():
    # theta 0, s = 1 (w = 1), so z = y = -2, -1, 0, 1, 3. numpy percentiles (linear):
    # 10th at position 0.4 -> -1.6, 90th at 3.6 -> 1 + 0.6 * 2 = 2.2.
    # winsorised -1.6, -1, 0, 1, 2.2; squares 2.56 + 1 + 0 + 1 + 4.84 = 9.4; phi = 1.88
    # n * phi = 9.4 > n - 1 = 4 -> tau^2 = (9.4 - 4) / (5 - 5/5) = 1.35
    assert overdispersion_tau2([-2, -1, 0, 1, 3], [1] * 5, 0.0) == pytest.approx(1.35)
    # unequal s: y = 0, 0, 0, 4 with s = 1, 1, 1, 2 -> z = 0, 0, 0, 2;
    # 10th 0, 90th at position 2.7 -> 0 + 0.7 * 2 = 1.4; phi = 1.96 / 4 = 0.49; 4 * 0.49 <= 3
    assert overdispersion_tau2([0, 0, 0, 4], [1, 1, 1, 2], 0.0) == 0.0


def test_no_overdispersion_gives_zero():
    assert overdispersion_tau2([0.1, -0.1, 0.0, 0.05, -0.05], [1] * 5, 0.0) == 0.0


def test_outlier_flags():
    assert outlier_flag(0.5, (0.4, 0.6), (0.3, 0.7)) == "none"
    assert outlier_flag(0.65, (0.4, 0.6), (0.3, 0.7)) == "alert"
    assert outlier_flag(0.25, (0.4, 0.6), (0.3, 0.7)) == "alarm"
    assert outlier_flag(0.6, (0.4, 0.6), (0.3, 0.7)) == "none"  # on the limit is inside
    assert outlier_flag(float("nan"), (0.4, 0.6), (0.3, 0.7)) == "none"


def test_shrunk_estimate_by_hand():
    # y = 1, s = 1, theta = 0, tau^2 = 1 -> w = 1 / (1 + 1) = 0.5 -> 0.5; exp(0.5) for a ratio
    shrunk = shrunk_estimate([1.0], [1.0], 0.0, 1.0, kind="ratio")
    assert shrunk.transformed[0] == pytest.approx(0.5)
    assert shrunk.natural[0] == pytest.approx(math.exp(0.5))
    # tau^2 = 0: all the spread is chance, everyone shrinks to the target
    assert shrunk_estimate([1.0], [1.0], 0.2, 0.0, kind="proportion").transformed[0] == 0.2


@settings(max_examples=200, deadline=None)
@given(
    st.floats(-3, 3),
    st.floats(0.01, 2),
    st.floats(-3, 3),
    st.floats(0, 5),
)
def test_shrunk_estimate_lies_between_value_and_target(y, s, theta, tau2):
    shrunk = shrunk_estimate([y], [s], theta, tau2, kind="ratio").transformed[0]
    assert min(y, theta) - 1e-12 <= shrunk <= max(y, theta) + 1e-12


def test_expected_counts_standardise_to_the_pooled_rate():
    # 10 + 30 crimes in 1,000 + 2,000 people: pooled rate 40 / 3000; E = 13.33, 26.67; sum E = sum O
    e = expected_counts([10, 30, 5], [1000, 2000, 0])
    assert e[:2] == pytest.approx([40 / 3, 80 / 3])
    assert math.isnan(e[2])


def _police_frame():
    rng = np.random.default_rng(20240601)
    population = rng.integers(300_000, 3_000_000, size=40).astype(float)
    crimes = rng.poisson(population * 0.08).astype(float)
    crimes[0] = population[0] * 0.16  # twice the national rate: an alarm
    frame = pd.DataFrame(
        {"force": [f"E230000{i:02d}" for i in range(40)], "crimes": crimes, "people": population}
    )
    frame.loc[40] = ["E23000099", 100.0, 0.0]  # zero denominator
    frame.loc[41] = ["E23000098", np.nan, 500_000.0]  # missing numerator
    frame["expected"] = expected_counts(frame["crimes"], frame["people"])
    return frame


def test_funnel_frame_ratio_for_police_rates():
    out = funnel_frame(_police_frame(), "ratio", "crimes", "expected")
    assert out.loc[0, "outlier_flag"] == "alarm"
    assert out["target"].eq(1.0).all()
    assert out["tau2"].iloc[0] >= 0
    tail = out.loc[[40, 41]]
    assert tail[["value", "lower_95", "upper_998", "shrunk_value"]].isna().all().all()
    assert tail["outlier_flag"].eq("none").all()
    plotted = out.loc[:39]
    assert (plotted["lower_998"] < plotted["lower_95"]).all()
    assert (plotted["upper_95"] < plotted["upper_998"]).all()


def test_funnel_frame_proportion():
    frame = pd.DataFrame({"o": [10, 30, 50, 0, 3], "n": [100, 100, 100, 0, np.nan]})
    out = funnel_frame(frame, "proportion", "o", "n", overdispersion=False)
    assert out.loc[0, "target"] == pytest.approx(90 / 300)
    assert out.loc[0, "tau2"] == 0.0
    assert out["outlier_flag"].tolist() == ["alarm", "none", "alarm", "none", "none"]
    assert out.loc[3:, "lower_95"].isna().all()


def test_funnel_frame_refuses_impossible_counts():
    with pytest.raises(ValueError, match="exceeds"):
        funnel_frame(pd.DataFrame({"o": [5], "n": [4]}), "proportion", "o", "n")


@settings(max_examples=30, deadline=None)
@given(st.randoms(use_true_random=False), st.sampled_from(["proportion", "ratio"]))
def test_funnel_frame_does_not_depend_on_row_order(rng, kind):
    frame = _police_frame().reset_index(drop=True)
    if kind == "proportion":
        frame = frame.assign(expected=frame["people"])
    shuffled = frame.sample(frac=1.0, random_state=rng.randint(0, 2**31))
    a = funnel_frame(frame, kind, "crimes", "expected").set_index("force").sort_index()
    b = funnel_frame(shuffled, kind, "crimes", "expected").set_index("force").sort_index()
    pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-9)


def test_runtime_does_not_import_scipy():
    code = "import sys, frontline_stats.compare; print('scipy' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_one_unit_has_no_overdispersion():
    """One unit has no spread between units: tau^2 is 0, not the 0/0 of the formula."""
    assert overdispersion_tau2([0.41], [0.05], 0.4) == 0.0
