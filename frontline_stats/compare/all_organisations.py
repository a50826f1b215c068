"""Aggregates over 'every other organisation of the same type' in each comparison group.

Each organisation's peers here are the other organisations in its group with a value, so the
set is never listed: row i of an n x n matrix holds the values of the others j. Groups are
stacked by size class into one (groups x n x n) array each, padded with NaN, so the thousands
of small police groups (43 forces, one group per indicator and quarter) cost a few array
operations rather than a Python loop each. Medians are read off sorted rows (NaN sorts last),
as numpy's nanmedian defines them: the middle value, or the mean of the two middle values.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# cells in one (groups x width x width) array: about 64 MB of float64 per array
MAX_CELLS = 8_000_000

COLUMNS = [
    "row_id",
    "peer_count",
    "peer_median",
    "peer_simple_mean",
    "numerator_sum",
    "denominator_sum",
    "denominators_missing",
    "peer_mad",
    "peers_better",
]


def all_organisations_aggregates(values: pd.DataFrame) -> pd.DataFrame:
    """Per row of ``values`` (row_id, group_id, value, numerator, denominator, polarity) that
    has at least one other organisation with a value in its group: the same aggregates as a
    listed peer set (listed_peer_sets.py) over those others."""
    frame = values[["row_id", "group_id", "value", "numerator", "denominator", "polarity"]]
    frame = frame.sort_values(["group_id", "row_id"], kind="stable")
    group = frame["group_id"].to_numpy()
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    sizes = np.diff(np.r_[starts, len(frame)])
    widths = _padded_widths(sizes)
    parts = []
    for width in np.unique(widths):
        in_class = widths == width
        chunk = max(1, MAX_CELLS // width**2)
        for first in range(0, int(in_class.sum()), chunk):
            these = slice(first, first + chunk)
            parts.append(
                _aggregate_size_class(frame, starts[in_class][these], sizes[in_class][these], width)
            )
    result = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=COLUMNS)
    return result[result["peer_count"] > 0].sort_values("row_id").reset_index(drop=True)


def _padded_widths(sizes: np.ndarray) -> np.ndarray:
    """The next power of two up to 64 rows, then the next multiple of 64: little padding."""
    power_of_two = 2 ** np.ceil(np.log2(np.maximum(sizes, 2))).astype(int)
    return np.where(sizes <= 64, power_of_two, -(-sizes // 64) * 64)


def _aggregate_size_class(
    frame: pd.DataFrame, starts: np.ndarray, sizes: np.ndarray, width: int
) -> pd.DataFrame:
    """The groups starting at ``starts`` (each at most ``width`` rows) as (groups x width)
    arrays, then every aggregate on (groups x width x width) arrays of 'the others'."""
    offsets = np.arange(width)
    present = offsets[None, :] < sizes[:, None]  # (groups, width): a real row, not padding
    rows = np.where(present, starts[:, None] + offsets[None, :], 0)

    def stacked(column: str) -> np.ndarray:
        data = frame[column].to_numpy(dtype=float)[rows]
        return np.where(present, data, np.nan)

    value, numerator, denominator = stacked("value"), stacked("numerator"), stacked("denominator")
    higher_better = (frame["polarity"].to_numpy()[rows] != "lower_is_better")[:, :, None]

    not_self = ~np.eye(width, dtype=bool)[None, :, :]
    others = not_self & ~np.isnan(value)[:, None, :]  # (groups, i, j): j is one of i's others
    count = others.sum(axis=2)
    matrix = np.where(others, value[:, None, :], np.nan)
    median = _row_medians(matrix, count)
    mad = _row_medians(np.abs(matrix - median[:, :, None]), count)
    own = value[:, :, None]
    better = np.where(higher_better, matrix > own, matrix < own).sum(axis=2)

    result = pd.DataFrame(
        {
            "row_id": frame["row_id"].to_numpy()[rows][present],
            "peer_count": count[present],
            "peer_median": median[present],
            "peer_simple_mean": (np.nansum(matrix, axis=2) / np.maximum(count, 1))[present],
            "numerator_sum": np.nansum(np.where(others, numerator[:, None, :], 0.0), 2)[present],
            "denominator_sum": np.nansum(np.where(others, denominator[:, None, :], 0.0), 2)[
                present
            ],
            "denominators_missing": (others & np.isnan(denominator)[:, None, :]).sum(2)[present],
            "peer_mad": mad[present],
            "peers_better": better[present],
        }
    )
    return result


def _row_medians(matrix: np.ndarray, count: np.ndarray) -> np.ndarray:
    """Median of each row of the last axis over its ``count`` non-NaN entries (NaN if none)."""
    ordered = np.sort(matrix, axis=-1)  # NaN last
    low = np.take_along_axis(ordered, np.maximum((count - 1) // 2, 0)[..., None], -1)[..., 0]
    high = np.take_along_axis(ordered, np.maximum(count // 2, 0)[..., None], -1)[..., 0]
    return np.where(count > 0, (low + high) / 2, np.nan)
