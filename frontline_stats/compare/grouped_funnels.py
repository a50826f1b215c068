"""The funnel plots of funnel.py over many comparison groups at once, without a loop per group.

One funnel per indicator and period: with sixteen years of quarterly police figures that is
thousands of small funnels, and a pandas call per funnel cost far more than its arithmetic. The
formulas are funnel.py's (Spiegelhalter 2005): ratios O/E by indirect standardisation to the
group's pooled rate (log method, target 1), proportions O/n (arcsine square root, target the
pooled proportion); overdispersion tau^2 from z-scores winsorised at their 10th and 90th
percentiles (numpy's linear percentile, term for term); limits at 95% and 99.8% with tau^2; the
alert/alarm flag; and the shrunk estimate. tests/python/compare/test_grouped_statistics.py checks
every column against funnel_frame group by group.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from frontline_stats.compare.funnel import Z95, Z998

_HALF_PI = np.pi / 2.0


def grouped_funnels(frame: pd.DataFrame) -> pd.DataFrame:
    """Funnel columns for each row of ``frame``: row_id, group_id, kind ('ratio' or
    'proportion', constant within a group), numerator, denominator and indicator_value (the
    published value, for the shrunk estimate in the indicator's own units). Rows must have a
    numerator and a positive denominator. Returns row_id, funnel_method, funnel_x (E or n),
    funnel_y (O/E or O/n), funnel_target, funnel_tau2, the four limits, outlier_flag and
    shrunk_estimate."""
    frame = frame.reset_index(drop=True)
    group = frame["group_id"].to_numpy()
    ratio = (frame["kind"] == "ratio").to_numpy()
    o = frame["numerator"].to_numpy(dtype=float)
    n = frame["denominator"].to_numpy(dtype=float)
    _check_counts(frame, o, n, ratio)

    valid = np.isfinite(o) & np.isfinite(n) & (n > 0)
    pooled = _group_sum(group, np.where(valid, o, 0.0)) / _group_sum(group, np.where(valid, n, 0.0))
    # ratios: E = n x pooled rate, O/E against 1; proportions: O/n against the pooled proportion
    x = np.where(ratio, np.where(valid, n * pooled, np.nan), n)
    ok = np.isfinite(o) & np.isfinite(x) & (x > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        funnel_y = np.where(ok, o / np.where(ok, x, np.nan), np.nan)
        target = np.where(ratio, 1.0, pooled)
        theta = np.where(ratio, 0.0, np.arcsin(np.sqrt(pooled)))
        y = np.where(ratio, np.log(funnel_y), np.arcsin(np.sqrt(funnel_y)))
        s = np.where(ratio, 1.0 / np.sqrt(x), 1.0 / (2.0 * np.sqrt(x)))
        s = np.where(ok, s, np.nan)
    tau2 = _overdispersion(group, y, s, theta)

    result = pd.DataFrame(
        {
            "row_id": frame["row_id"].to_numpy(),
            "funnel_method": frame["kind"].to_numpy(),
            "funnel_x": x,
            "funnel_y": funnel_y,
            "funnel_target": target,
            "funnel_tau2": tau2,
        }
    )
    for z, level in ((Z95, "95"), (Z998, "998")):
        lower, upper = _limits(ratio, x, target, theta, tau2, z)
        result[f"funnel_lower_{level}"] = lower
        result[f"funnel_upper_{level}"] = upper
    result["outlier_flag"] = _flags(funnel_y, result)
    result["shrunk_estimate"] = _shrunk_estimate(frame, group, ratio, funnel_y, y, s, theta, tau2)
    return result


def _group_sum(group: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Each row's group total of ``values``."""
    totals = pd.Series(values).groupby(group).transform("sum")
    return totals.to_numpy()


def _overdispersion(group, y, s, theta) -> np.ndarray:
    """tau^2 per row's group (funnel.overdispersion_tau2): over units with finite Y and s > 0,
    z = (Y - theta) / s winsorised at its 10th and 90th percentiles, phi = mean(z^2); tau^2 = 0
    when n < 2 or n phi <= n - 1, else (n phi - (n - 1)) / (sum w - sum w^2 / sum w),
    w = 1 / s^2."""
    usable = np.isfinite(y) & np.isfinite(s) & (s > 0) & np.isfinite(theta)
    units = pd.DataFrame({"group": group[usable], "z": ((y - theta) / s)[usable]})
    units["w"] = 1.0 / s[usable] ** 2
    low = _group_percentile(units, 0.10)
    high = _group_percentile(units, 0.90)
    units["z2"] = np.clip(units["z"], low, high) ** 2
    by_group = units.groupby("group")
    count = by_group["z"].transform("count")
    phi = by_group["z2"].transform("mean")
    w_sum = by_group["w"].transform("sum")
    w2_sum = (units["w"] ** 2).groupby(units["group"]).transform("sum")
    tau2 = np.where(
        (count < 2) | (count * phi <= count - 1),
        0.0,
        (count * phi - (count - 1)) / (w_sum - w2_sum / w_sum),
    )
    per_group = pd.Series(tau2, index=units["group"]).groupby(level=0).first()
    return per_group.reindex(group).fillna(0.0).to_numpy()


def _group_percentile(units: pd.DataFrame, probability: float) -> np.ndarray:
    """numpy's default (linear) percentile of z within each unit's group, as numpy writes it:
    a + (b - a) t, or b - (b - a)(1 - t) when t >= 0.5."""
    ordered = units.sort_values(["group", "z"], kind="stable")
    z, group = ordered["z"].to_numpy(), ordered["group"].to_numpy()
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    sizes = np.diff(np.r_[starts, len(ordered)])
    position = (sizes - 1) * probability
    lo = np.floor(position).astype(int)
    t = position - lo
    a, b = z[starts + lo], z[starts + np.minimum(lo + 1, sizes - 1)]
    percentile = np.where(t >= 0.5, b - (b - a) * (1 - t), a + (b - a) * t)
    return pd.Series(percentile, index=group[starts]).reindex(units["group"]).to_numpy()


def _limits(ratio, x, target, theta, tau2, z):
    """funnel.funnel_limits for each row: ratio target x exp(+-z sqrt(1/E + tau^2)); proportion
    sin^2(theta +- z sqrt(1/(4n) + tau^2)), the angle clipped to [0, pi/2]."""
    ok = np.isfinite(x) & (x > 0)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        ratio_half = z * np.sqrt(1.0 / x + tau2)
        proportion_half = z * np.sqrt(1.0 / (4.0 * x) + tau2)
        ratio_lower, ratio_upper = target * np.exp(-ratio_half), target * np.exp(ratio_half)
        proportion_lower = np.sin(np.clip(theta - proportion_half, 0.0, _HALF_PI)) ** 2
        proportion_upper = np.sin(np.clip(theta + proportion_half, 0.0, _HALF_PI)) ** 2
    lower = np.where(ok, np.where(ratio, ratio_lower, proportion_lower), np.nan)
    upper = np.where(ok, np.where(ratio, ratio_upper, proportion_upper), np.nan)
    return lower, upper


def _flags(value: np.ndarray, limits: pd.DataFrame) -> np.ndarray:
    """'alarm' outside the 99.8% limits, 'alert' outside the 95%, else 'none' (on a limit is
    inside; anything missing is 'none'), as funnel.outlier_flag."""
    lower_95, upper_95 = limits["funnel_lower_95"], limits["funnel_upper_95"]
    lower_998, upper_998 = limits["funnel_lower_998"], limits["funnel_upper_998"]
    known = ~(
        np.isnan(value) | lower_95.isna() | upper_95.isna() | lower_998.isna() | upper_998.isna()
    )
    alarm = known & ((value < lower_998) | (value > upper_998))
    alert = known & ((value < lower_95) | (value > upper_95))
    return np.select([alarm, alert], ["alarm", "alert"], default="none").astype(object)


def _shrunk_estimate(frame, group, ratio, funnel_y, y, s, theta, tau2) -> np.ndarray:
    """w Y + (1 - w) theta with w = tau^2 / (tau^2 + s^2), back-transformed; a ratio's shrunk
    O/E is put in the indicator's units by the group's median of value per unit of O/E."""
    with np.errstate(divide="ignore", invalid="ignore"):
        w = tau2 / (tau2 + s**2)
        shrunk = np.where(np.isfinite(y), w * y + (1.0 - w) * theta, np.nan)
        natural = np.where(ratio, np.exp(shrunk), np.sin(shrunk) ** 2)
        per_unit = np.where(funnel_y > 0, frame["indicator_value"].to_numpy() / funnel_y, np.nan)
    per_unit_median = pd.Series(per_unit).groupby(group).transform("median").to_numpy()
    return natural * np.where(ratio, per_unit_median, 1.0)


def _check_counts(frame: pd.DataFrame, o: np.ndarray, n: np.ndarray, ratio: np.ndarray) -> None:
    """A negative count, or a proportion's numerator above its denominator, is bad input."""
    negative = (o < 0) | (n < 0)
    over = ~ratio & np.isfinite(o) & np.isfinite(n) & (n > 0) & (o > n)
    for mask, problem in (
        (negative, "a negative numerator or denominator"),
        (over, "a numerator above its denominator"),
    ):
        if mask.any():
            rows = frame.loc[mask, "row_id"].tolist()[:10]
            raise ValueError(f"funnel plot: {problem} in rows {rows}")
