"""Funnel plots (Spiegelhalter 2005), not league tables: control limits around a target.

Formulas as in docs/methods/comparisons.md (Spiegelhalter, "Funnel plots for comparing institutional
performance", Stat Med 2005; "Handling over-dispersion of performance indicators", Qual Saf
Health Care 2005). Each unit i has a transformed value Y_i with standard error s_i:

- proportion O/n: Y = asin(sqrt(O/n)), s = 1 / (2 sqrt(n)),
  target theta = asin(sqrt(sum O / sum n)); limits sin^2(theta +- z sqrt(s^2 + tau^2)),
  the angle clipped to [0, pi/2] so the limits lie in [0, 1].
- indirectly standardised ratio O/E (log method): Y = ln(O/E), s = 1 / sqrt(E), target ratio 1;
  limits exp(+- z sqrt(1/E + tau^2)).

The x-axis of the plot is n (proportions) or E (ratios). Limits are at z = 1.959964 (95%) and
3.090232 (99.8%). Scalar helpers return numpy arrays; ``funnel_frame`` works on a DataFrame.
"""

import math
from typing import Literal, NamedTuple

import numpy as np
import pandas as pd

from frontline_stats.compare.chi2 import gamma_quantile

Z95 = 1.959964
Z998 = 3.090232

Kind = Literal["proportion", "ratio"]
Flag = Literal["alarm", "alert", "none"]

_HALF_PI = math.pi / 2.0


class FunnelLimits(NamedTuple):
    """Lower and upper limits on the natural scale (proportion or ratio) and the target."""

    lower: np.ndarray
    upper: np.ndarray
    target: float


class ShrunkEstimate(NamedTuple):
    """Shrunk estimate on the transformed scale and back-transformed to the natural scale."""

    transformed: np.ndarray
    natural: np.ndarray


def _array(values) -> np.ndarray:
    return np.asarray(pd.to_numeric(pd.Series(np.asarray(values).ravel()), errors="raise"), float)


def _valid(numerators: np.ndarray, denominators: np.ndarray) -> np.ndarray:
    """Rows that can be plotted: both values present and a positive, finite denominator."""
    return np.isfinite(numerators) & np.isfinite(denominators) & (denominators > 0)


def pooled_proportion(o, n) -> float:
    """sum O / sum n over rows with a positive denominator (NaN if there are none)."""
    o, n = _array(o), _array(n)
    ok = _valid(o, n)
    return float(o[ok].sum() / n[ok].sum()) if ok.any() else math.nan


def expected_counts(numerators, denominators) -> np.ndarray:
    """Expected counts by indirect standardisation to the pooled rate: E_i = n_i * sum O / sum n.

    For police crime rates per 1,000 people: O = crimes, n = population, E = population times
    the national (pooled) rate; O/E then plots with ``ratio_limits`` and O/E = 1 is the national
    rate. Rows with a missing or non-positive denominator get NaN.
    """
    o, n = _array(numerators), _array(denominators)
    expected = n * pooled_proportion(o, n)
    return np.where(_valid(o, n), expected, np.nan)


def funnel_limits(kind: Kind, x, target: float, tau2: float = 0.0, z: float = Z95) -> FunnelLimits:
    """The funnel limits at each x around ``target``: the one implementation of the formulas.

    ``kind='proportion'``: x is the denominator n, ``target`` a proportion in [0, 1]; limits
    sin^2(theta +- z sqrt(1/(4n) + tau^2)) with theta = asin(sqrt(target)), the angle clipped to
    [0, pi/2]. ``kind='ratio'``: x is the expected count E; limits target * exp(+- z sqrt(1/E +
    tau^2)) (the engine's target is 1). ``tau2`` is the additive overdispersion on the transformed
    scale; z = Z95 or Z998 (negative z swaps the limits). x missing or <= 0 gives NaN limits. Used
    by ``funnel_frame`` for the published limits and by the release charts for the limit curves.
    """
    _check_kind(kind)
    x = _array(x)
    ok = np.isfinite(x) & (x > 0)
    target = float(target)
    if kind == "proportion":
        if not 0.0 <= target <= 1.0:
            raise ValueError(f"target proportion must be within [0, 1]; got {target}")
        theta = math.asin(math.sqrt(target))
        with np.errstate(divide="ignore", invalid="ignore"):
            half_width = z * np.sqrt(1.0 / (4.0 * x) + tau2)
        lower = np.sin(np.clip(theta - half_width, 0.0, _HALF_PI)) ** 2
        upper = np.sin(np.clip(theta + half_width, 0.0, _HALF_PI)) ** 2
        return FunnelLimits(np.where(ok, lower, np.nan), np.where(ok, upper, np.nan), target)
    with np.errstate(divide="ignore", invalid="ignore"):
        half_width = np.where(ok, z * np.sqrt(1.0 / x + tau2), np.nan)
    with np.errstate(over="ignore"):  # E near 0: the limits run off to 0 and infinity
        return FunnelLimits(target * np.exp(-half_width), target * np.exp(half_width), target)


def proportion_limits(
    o, n, target: float | None = None, tau2: float = 0.0, z: float = Z95
) -> FunnelLimits:
    """Arcsine-square-root limits for proportions O/n at each n (``funnel_limits``).

    ``target`` is a proportion; by default the pooled sum O / sum n. ``tau2`` is the additive
    overdispersion on the angle scale (0 = none). Rows with n missing or <= 0 get NaN limits.
    """
    o, n = _array(o), _array(n)
    p = pooled_proportion(o, n) if target is None else float(target)
    if math.isnan(p):
        nan = np.full(n.shape, np.nan)
        return FunnelLimits(nan, nan.copy(), p)  # no row with a positive denominator
    return funnel_limits("proportion", n, p, tau2=tau2, z=z)


def ratio_limits(e, tau2: float = 0.0, z: float = Z95) -> FunnelLimits:
    """Log-method limits for O/E at each expected count E: exp(+- z sqrt(1/E + tau^2)), target 1
    (``funnel_limits``).

    The limits depend only on E (and tau^2), so no observed counts are taken.
    """
    return funnel_limits("ratio", e, 1.0, tau2=tau2, z=z)


def exact_poisson_ratio_limits(e, alpha: float = 0.05) -> FunnelLimits:
    """Exact Poisson limits for O/E without overdispersion, at each expected count E.

    lower = chi2_(alpha/2)(2E) / (2E), upper = chi2_(1-alpha/2)(2(E+1)) / (2E); with
    chi2_p(2a) = 2 * gamma_quantile(a, p) these are gamma_quantile(E, alpha/2) / E and
    gamma_quantile(E + 1, 1 - alpha/2) / E (no scipy: see ``chi2``). Use alpha = 0.002 for 99.8%.
    """
    if not 0.0 < alpha < 1.0:
        raise ValueError(f"alpha must be strictly between 0 and 1; got {alpha}")
    e = _array(e)
    lower = np.full(e.shape, np.nan)
    upper = np.full(e.shape, np.nan)
    for i, expected in enumerate(e):
        if np.isfinite(expected) and expected > 0:
            lower[i] = gamma_quantile(expected, alpha / 2.0) / expected
            upper[i] = gamma_quantile(expected + 1.0, 1.0 - alpha / 2.0) / expected
    return FunnelLimits(lower, upper, 1.0)


def overdispersion_tau2(y, s, theta: float) -> float:
    """Additive random-effects variance tau^2 (Spiegelhalter 2005, winsorised z-scores).

    z_i = (Y_i - theta) / s_i, winsorised at their 10th and 90th percentiles (numpy's default
    linear interpolation); phi = mean(z^2) over the n units; if n * phi <= n - 1 then tau^2 = 0,
    else tau^2 = (n * phi - (n - 1)) / (sum w - sum w^2 / sum w) with w = 1 / s^2. Units with a
    non-finite Y or s (e.g. O = 0 on the log scale) are left out; with fewer than two units
    tau^2 is 0.
    """
    y, s = _array(y), _array(s)
    ok = np.isfinite(y) & np.isfinite(s) & (s > 0)
    y, s = y[ok], s[ok]
    n = len(y)
    if n < 2:  # one unit has no spread between units to estimate (sum w - sum w^2/sum w = 0)
        return 0.0
    z = (y - theta) / s
    low, high = np.percentile(z, [10, 90])
    phi = float(np.mean(np.clip(z, low, high) ** 2))
    if n * phi <= n - 1:
        return 0.0
    w = 1.0 / s**2
    return float((n * phi - (n - 1)) / (w.sum() - (w**2).sum() / w.sum()))


def outlier_flag(
    value: float, limits95: tuple[float, float], limits998: tuple[float, float]
) -> Flag:
    """'alarm' outside the 99.8% limits, 'alert' outside the 95% limits, else 'none'.

    A value exactly on a limit is inside it. Missing values or limits give 'none'.
    """
    if any(_missing(v) for v in (value, *limits95, *limits998)):
        return "none"
    if value < limits998[0] or value > limits998[1]:
        return "alarm"
    if value < limits95[0] or value > limits95[1]:
        return "alert"
    return "none"


def _missing(value: float | None) -> bool:
    return value is None or bool(pd.isna(value))


def shrunk_estimate(y, s, theta: float, tau2: float, kind: Kind) -> ShrunkEstimate:
    """Shrink each Y_i towards the target: w_i Y_i + (1 - w_i) theta, w_i = tau^2 / (tau^2 + s_i^2).

    On the transformed scale (angle for proportions, log for ratios), then back-transformed with
    sin^2 (proportion) or exp (ratio). With tau^2 = 0 every unit shrinks fully to the target:
    its spread is all chance. Non-finite Y (O = 0 on the log scale) gives NaN.
    """
    y, s = _array(y), _array(s)
    with np.errstate(divide="ignore", invalid="ignore"):
        w = tau2 / (tau2 + s**2)
        shrunk = np.where(np.isfinite(y), w * y + (1.0 - w) * theta, np.nan)
    return ShrunkEstimate(shrunk, _back_transform(shrunk, kind))


def _transform(o: np.ndarray, d: np.ndarray, kind: Kind) -> tuple[np.ndarray, np.ndarray]:
    """(Y, s) on the transformed scale for numerators o and denominators d (n or E)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        if kind == "proportion":
            return np.arcsin(np.sqrt(o / d)), 1.0 / (2.0 * np.sqrt(d))
        return np.log(o / d), 1.0 / np.sqrt(d)


def _back_transform(y: np.ndarray, kind: Kind) -> np.ndarray:
    _check_kind(kind)
    return np.sin(y) ** 2 if kind == "proportion" else np.exp(y)


def _check_kind(kind: str) -> None:
    if kind not in ("proportion", "ratio"):
        raise ValueError(f"kind must be 'proportion' or 'ratio'; got {kind!r}")


FUNNEL_COLUMNS = [
    "value",
    "target",
    "tau2",
    "lower_95",
    "upper_95",
    "lower_998",
    "upper_998",
    "outlier_flag",
    "shrunk_value",
]


def funnel_frame(
    frame: pd.DataFrame,
    kind: Kind,
    numerator_col: str,
    denominator_col: str,
    *,
    target: float | None = None,
    overdispersion: bool = True,
) -> pd.DataFrame:
    """Copy of ``frame`` (same index) with funnel-plot columns for each row.

    ``kind='proportion'``: numerator O and denominator n, value = O/n, target pooled sum O / sum n
    unless given. ``kind='ratio'``: numerator O and expected count E (see ``expected_counts``),
    value = O/E, target 1. Adds ``value``, ``target``, ``tau2`` (0 when ``overdispersion`` is
    False), ``lower_95``, ``upper_95``, ``lower_998``, ``upper_998`` (with tau^2),
    ``outlier_flag`` ('alarm' / 'alert' / 'none') and ``shrunk_value`` (natural scale). Rows with a
    missing numerator or a missing or zero denominator are left out of the target and tau^2 and get
    NaN value and limits and flag 'none'. Compute one funnel per indicator and period: call this on
    each group.
    """
    _check_kind(kind)
    for column in (numerator_col, denominator_col):
        if column not in frame.columns:
            raise KeyError(f"column {column!r} not found; columns are {list(frame.columns)}")
    o, d = _array(frame[numerator_col]), _array(frame[denominator_col])
    _check_counts(frame, kind, numerator_col, denominator_col, o, d)
    ok = _valid(o, d)
    o_ok, d_ok = np.where(ok, o, np.nan), np.where(ok, d, np.nan)
    value = o_ok / d_ok

    if kind == "proportion":
        p = pooled_proportion(o, d) if target is None else float(target)
        theta = math.asin(math.sqrt(p)) if np.isfinite(p) else math.nan
    else:
        p, theta = 1.0, 0.0
    y, s = _transform(o_ok, d_ok, kind)
    tau2 = overdispersion_tau2(y, s, theta) if overdispersion and np.isfinite(theta) else 0.0

    result = frame.copy()
    result["value"] = value
    result["target"] = p
    result["tau2"] = tau2
    for z, level in ((Z95, "95"), (Z998, "998")):
        if kind == "proportion":
            limits = proportion_limits(o_ok, d_ok, target=p, tau2=tau2, z=z) if ok.any() else None
        else:
            limits = ratio_limits(d_ok, tau2=tau2, z=z)
        nan = np.full(len(frame), np.nan)
        result[f"lower_{level}"] = nan if limits is None else limits.lower
        result[f"upper_{level}"] = nan if limits is None else limits.upper
    result["outlier_flag"] = [
        outlier_flag(v, (lo95, hi95), (lo998, hi998))
        for v, lo95, hi95, lo998, hi998 in zip(
            value,
            result["lower_95"],
            result["upper_95"],
            result["lower_998"],
            result["upper_998"],
            strict=True,
        )
    ]
    result["shrunk_value"] = shrunk_estimate(y, s, theta, tau2, kind).natural
    return result


def _check_counts(
    frame: pd.DataFrame, kind: Kind, o_col: str, d_col: str, o: np.ndarray, d: np.ndarray
) -> None:
    problems = []
    negative = (o < 0) | (d < 0)
    if negative.any():
        problems.append(f"negative {o_col!r} or {d_col!r} in rows {_labels(frame, negative)}")
    if kind == "proportion":
        over = np.isfinite(o) & np.isfinite(d) & (d > 0) & (o > d)
        if over.any():
            problems.append(f"{o_col!r} exceeds {d_col!r} in rows {_labels(frame, over)}")
    if problems:
        raise ValueError(f"funnel_frame({kind!r}): " + "; ".join(problems))


def _labels(frame: pd.DataFrame, mask: np.ndarray) -> list:
    return frame.index[mask].tolist()[:10]
