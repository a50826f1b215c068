"""Position of each organisation among its comparators: rank, percentile, quartile band, z, MADs.

Every function takes a 1-D array-like of values (one per organisation, NaN = not reported) and
returns a pandas Series on the same index; NaN values get no position (NaN / <NA> / None) and do
not count towards anyone else's. Polarity is 'higher_is_better', 'lower_is_better' or None; with
None there is no better or worse, so positions run from the highest value to the lowest.
"""

from collections.abc import Sequence

import numpy as np
import pandas as pd

from orchestration.compare.polarity import Polarity, higher_ranks_first

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
    """Quartile band 'A' (best quarter) to 'D' (worst quarter) by polarity, as in DfE LAIT.

    Boundary rule (ours: LAIT's guide names A as the top quartile but publishes no boundary rule):
    take each organisation's rank r (1 = best, ties "min") among n reported values and its
    mid-position p = (r - 0.5) / n. Then

        A: p <= 1/4     B: 1/4 < p <= 1/2     C: 1/2 < p < 3/4     D: p >= 3/4

    so an organisation exactly on a quarter boundary goes to the outer band (with two
    organisations, one is A and one is D). This makes the bands mirror images: reversing polarity
    swaps A<->D and B<->C for every organisation, except the middle one when n is odd (p = 1/2,
    always 'B') and tied groups, which stay together in the band of their best-placed member.
    Band sizes A/B/C/D for n = 4..8: 1/1/1/1, 1/2/1/1, 2/1/1/2, 2/2/1/2, 2/2/2/2; n = 152 gives
    38 per band. With polarity None, 'A' is the highest quarter of values and 'D' the lowest
    (no judgement of better or worse).
    """
    ranks = rank_min(values, polarity)
    n = int(ranks.notna().sum())
    bands = [None if pd.isna(r) else _band_for_rank(int(r), n) for r in ranks.tolist()]
    return pd.Series(bands, index=ranks.index, dtype=object)


def _band_for_rank(r: int, n: int) -> str:
    # p = (r - 0.5) / n compared with 1/4, 1/2, 3/4 in whole numbers: 4p * n = 4r - 2.
    quarter_position = 4 * r - 2
    if quarter_position <= n:
        return "A"
    if quarter_position <= 2 * n:
        return "B"
    if quarter_position < 3 * n:
        return "C"
    return "D"


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
