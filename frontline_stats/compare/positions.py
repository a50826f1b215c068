"""Position of each organisation among its comparators: rank, percentile, quartile band, z, MADs.

Every function takes a 1-D array-like of values (one per organisation, NaN = not reported) and
returns a pandas Series on the same index; NaN values get no position (NaN / <NA> / None) and do
not count towards anyone else's. Polarity is 'higher_is_better', 'lower_is_better' or None; with
None there is no better or worse, so ranks run from the highest value to the lowest and there is
no quartile band (as in DfE LAIT).
"""

from collections.abc import Sequence

import numpy as np
import pandas as pd

from frontline_stats.compare.polarity import Polarity, check_polarity, higher_ranks_first

BANDS = ("A", "B", "C", "D")


def _series(values: Sequence[float] | np.ndarray | pd.Series) -> pd.Series:
    series = values if isinstance(values, pd.Series) else pd.Series(values)
    return pd.to_numeric(series, errors="raise").astype(float)


def rank_min(values, polarity: Polarity = None) -> pd.Series:
    """Rank 1 = best by polarity; ties share the best (lowest) rank ("min", as 1, 2, 2, 4).

    With polarity None, rank 1 is the highest value (rank by value, descending).
    """
    x = _series(values)
    ranks = x.rank(method="min", ascending=not higher_ranks_first(polarity))
    return ranks.astype("Int64")


def percentile_rank(values, polarity: Polarity = None) -> pd.Series:
    """Percentage of reported values that are no better than this one, itself included.

    percentile = 100 * (number of valid values ranking at or below this one) / n, i.e. pandas
    ``rank(method="max", pct=True) * 100`` with values ordered from worst to best. The best
    organisation gets 100 and the worst 100/n; tied values share the same (higher) percentile.
    The result is always in (0, 100]. With polarity None, "better" means "higher".
    """
    x = _series(values)
    from_worst = x.rank(method="max", ascending=higher_ranks_first(polarity), pct=True)
    return from_worst * 100.0


def quartile_band(values, polarity: Polarity = None) -> pd.Series:
    """Quartile band 'A' (best quarter) to 'D' (worst quarter) exactly as DfE LAIT computes it.

    Source: dfe-analytical-services/local-authority-interactive-tool. R/fn_analysis.R
    ``calculate_quartile_band`` (commit 9135ada14193799c86465a660e738319c208e8d2) bands a value
    against ``quantile(values, na.rm = TRUE)`` of every LA's value for the period
    (R/lait_modules/mod_la_lvl_table.R, commit 003133e70d453ec26d7cf1677e1e16046285d737; the LAs
    are the areas with LA number below 970, global.R, commit
    9e9a24b5f81d5f1fb5042dcc7206212004d5eb7d). R's default quantile is type 7, i.e.
    ``numpy.percentile`` 'linear'. Boundaries are closed above:

        lower_is_better:  A  q0 <= v <= q25   B  q25 < v <= q50   C  q50 < v <= q75   D  v > q75
        higher_is_better: D  q0 <= v <= q25   C  q25 < v <= q50   B  q50 < v <= q75   A  v > q75

    So a value on a quartile goes to the band below it (towards the minimum), tied values always
    share a band, and reversing polarity swaps A<->D and B<->C for every value. Bands need not be
    equal in size: with values 1..5, higher is better, 5 is A, 4 B, 3 C and 2 and 1 are both D.
    With polarity None LAIT shows '-' (no band): every result is None. A missing value gets None
    and is not counted in the quartiles.
    """
    x = _series(values)
    check_polarity(polarity)
    bands = pd.Series([None] * len(x), index=x.index, dtype=object)
    reported = x.dropna()
    if polarity is None or reported.empty:
        return bands
    q25, q50, q75 = _r_quantiles_type7(reported.to_numpy(), (0.25, 0.5, 0.75))
    order = BANDS if polarity == "lower_is_better" else BANDS[::-1]
    quarter = np.select([reported <= q25, reported <= q50, reported <= q75], [0, 1, 2], default=3)
    bands.loc[reported.index] = [order[q] for q in quarter]
    return bands


def _r_quantiles_type7(values: np.ndarray, probabilities: Sequence[float]) -> list[float]:
    """R's ``quantile(x, probs)`` with its default type 7, written as R's quantile.default does:
    index h = 1 + (n - 1) p; q = x[lo] where h is whole or x[lo] = x[hi], else
    (1 - f) x[lo] + f x[hi] with f = h - lo (the same interpolation as numpy's 'linear')."""
    ordered = np.sort(values)
    n = len(ordered)
    quantiles = []
    for p in probabilities:
        position = (n - 1) * p  # 0-based h - 1
        lo, hi = int(np.floor(position)), int(np.ceil(position))
        fraction = position - lo
        if fraction == 0 or ordered[hi] == ordered[lo]:
            quantiles.append(float(ordered[lo]))
        else:
            quantiles.append(float((1 - fraction) * ordered[lo] + fraction * ordered[hi]))
    return quantiles


def z_score(values) -> pd.Series:
    """Standard score (x - mean) / sd with the population sd (ddof=0); NaN when sd is 0."""
    x = _series(values)
    sd = x.std(ddof=0) if x.notna().any() else np.nan
    if not sd > 0:
        return pd.Series(np.nan, index=x.index)
    return (x - x.mean()) / sd


def mads_from_median(values) -> pd.Series:
    """Robust distance from the median, (x - median) / MAD, Oflog Local Authority Data Explorer.

    MAD = median(|x - median|), unscaled (no 1.4826 factor), over the values given (Oflog: all
    English councils reporting the metric that year). When MAD is 0 (at least half the values
    equal the median) the distance is undefined and every result is NaN.
    """
    x = _series(values)
    if x.isna().all():
        return pd.Series(np.nan, index=x.index)
    median = x.median()
    mad = (x - median).abs().median()
    if not mad > 0:
        return pd.Series(np.nan, index=x.index)
    return (x - median) / mad


def position_frame(
    frame: pd.DataFrame,
    value_column: str,
    polarity: Polarity = None,
    group_columns: Sequence[str] = (),
) -> pd.DataFrame:
    """Copy of ``frame`` (same index and row order) with ``rank``, ``percentile_rank``,
    ``quartile_band``, ``z_score`` and ``mads_from_median`` of ``value_column``, computed
    within each group of ``group_columns`` (e.g. indicator and period) or over the whole frame
    when none are given.
    """
    if value_column not in frame.columns:
        raise KeyError(
            f"value column {value_column!r} not found; columns are {list(frame.columns)}"
        )
    result = frame.reset_index(drop=True)
    if group_columns:
        parts = [part for _, part in result.groupby(list(group_columns), dropna=False, sort=False)]
    else:
        parts = [result]
    outputs = []
    for part in parts:
        values = part[value_column]
        outputs.append(
            pd.DataFrame(
                {
                    "rank": rank_min(values, polarity),
                    "percentile_rank": percentile_rank(values, polarity),
                    "quartile_band": quartile_band(values, polarity),
                    "z_score": z_score(values),
                    "mads_from_median": mads_from_median(values),
                },
                index=part.index,
            )
        )
    columns = ["rank", "percentile_rank", "quartile_band", "z_score", "mads_from_median"]
    positions = pd.concat(outputs) if outputs else pd.DataFrame(columns=columns)
    joined = result.join(positions.reindex(result.index))
    joined.index = frame.index
    return joined
