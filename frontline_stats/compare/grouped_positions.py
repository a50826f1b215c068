"""The positions of positions.py over many comparison groups at once, without a loop per group.

The engine compares thousands of groups (a police indicator alone has one per quarter), and a
pandas call per group cost more than the arithmetic. Each statistic here is the one in
positions.py, computed per group with sorted arrays and groupby: rank ties "min", percentile
rank ties "max", DfE LAIT quartile bands on R's type 7 quantiles (the same interpolation, term
for term, so a value on a quartile falls in the same band), z-score with the population sd and
distance from the median in unscaled MADs. tests/python/compare/test_grouped_statistics.py checks
every column against position_frame group by group.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from frontline_stats.compare.positions import BANDS

QUARTILES = (0.25, 0.5, 0.75)


def grouped_positions(group_id, values, polarities) -> pd.DataFrame:
    """Positions of each reported value within its group.

    ``group_id`` (integers), ``values`` (float, NaN = not reported) and ``polarities``
    ('higher_is_better', 'lower_is_better' or None, one per row; constant within a group) are
    aligned arrays. Returns a frame on the same positions with ``rank``, ``percentile_rank``,
    ``quartile_band``, ``z_score``, ``mads_from_median`` and ``organisations_reporting``; rows
    without a value get no position.
    """
    frame = pd.DataFrame(
        {
            "group_id": np.asarray(group_id),
            "value": pd.to_numeric(pd.Series(np.asarray(values, dtype=float))),
            "polarity": pd.Series(np.asarray(polarities, dtype=object)),
        }
    )
    reported = frame["value"].notna()
    higher_first = (frame["polarity"] != "lower_is_better").to_numpy()
    # larger key = better: ranking the key descending is ranking by polarity
    frame["key"] = np.where(higher_first, frame["value"], -frame["value"])
    by_group = frame.groupby("group_id", sort=False)

    result = pd.DataFrame(index=frame.index)
    result["rank"] = by_group["key"].rank(method="min", ascending=False).astype("Int64")
    result["percentile_rank"] = by_group["key"].rank(method="max", pct=True) * 100.0
    result["quartile_band"] = _quartile_bands(frame, reported)

    mean = by_group["value"].transform("mean")
    sd = by_group["value"].transform("std", ddof=0)
    result["z_score"] = np.where(sd > 0, (frame["value"] - mean) / sd.where(sd > 0), np.nan)

    median = by_group["value"].transform("median")
    frame["deviation"] = (frame["value"] - median).abs()
    mad = frame.groupby("group_id", sort=False)["deviation"].transform("median")
    result["mads_from_median"] = np.where(
        mad > 0, (frame["value"] - median) / mad.where(mad > 0), np.nan
    )
    result["organisations_reporting"] = by_group["value"].transform("count")
    result.loc[~reported, "organisations_reporting"] = np.nan
    return result


def _quartile_bands(frame: pd.DataFrame, reported: pd.Series) -> pd.Series:
    """Bands A-D per group against R's type 7 quartiles of the group's reported values
    (positions.quartile_band): closed above, so a value on a quartile takes the band below."""
    bands = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    banded = frame[reported & frame["polarity"].notna()]
    if banded.empty:
        return bands
    ordered = banded.sort_values(["group_id", "value"], kind="stable")
    sorted_values = ordered["value"].to_numpy()
    group_of_sorted = ordered["group_id"].to_numpy()
    starts = np.flatnonzero(np.r_[True, group_of_sorted[1:] != group_of_sorted[:-1]])
    sizes = np.diff(np.r_[starts, len(ordered)])
    quartiles = {}
    for probability in QUARTILES:
        position = (sizes - 1) * probability  # 0-based h - 1, as positions._r_quantiles_type7
        lo, hi = np.floor(position).astype(int), np.ceil(position).astype(int)
        fraction = position - lo
        low, high = sorted_values[starts + lo], sorted_values[starts + hi]
        interpolated = (1 - fraction) * low + fraction * high
        quartile = np.where((fraction == 0) | (low == high), low, interpolated)
        quartiles[probability] = pd.Series(quartile, index=group_of_sorted[starts])

    value = banded["value"]
    group = banded["group_id"]
    quarter = np.select(
        [value <= quartiles[q].reindex(group).to_numpy() for q in QUARTILES], [0, 1, 2], default=3
    )
    lower_is_better = (banded["polarity"] == "lower_is_better").to_numpy()
    best_first, worst_first = np.array(BANDS, dtype=object), np.array(BANDS[::-1], dtype=object)
    bands.loc[banded.index] = np.where(lower_is_better, best_first[quarter], worst_first[quarter])
    return bands
