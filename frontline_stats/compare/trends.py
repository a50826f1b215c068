"""Direction of travel between two periods (DfE LAIT, Oflog): judged by polarity when known."""

import math

import pandas as pd

from frontline_stats.compare.polarity import Polarity, check_polarity

DIRECTIONS = (
    "Improving",
    "Worsening",
    "No change",
    "Increasing",
    "Decreasing",
    "No comparison",
)


def direction_of_travel(
    current: float | None,
    previous: float | None,
    polarity: Polarity = None,
    tolerance: float = 0.0,
) -> str:
    """'Improving' / 'Worsening' when polarity is known, 'Increasing' / 'Decreasing' when it is
    None, 'No change' when |current - previous| <= tolerance (in the indicator's own units), and
    'No comparison' when either value is missing (None or NaN).
    """
    check_polarity(polarity)
    if tolerance < 0:
        raise ValueError(f"tolerance must be >= 0; got {tolerance}")
    if _missing(current) or _missing(previous):
        return "No comparison"
    change = float(current) - float(previous)
    if abs(change) <= tolerance:
        return "No change"
    if polarity is None:
        return "Increasing" if change > 0 else "Decreasing"
    better = change > 0 if polarity == "higher_is_better" else change < 0
    return "Improving" if better else "Worsening"


def directions_of_travel(
    current: pd.Series, previous: pd.Series, polarity: Polarity = None, tolerance: float = 0.0
) -> pd.Series:
    """``direction_of_travel`` row by row for two aligned Series (index of ``current``)."""
    previous = previous.reindex(current.index)
    return pd.Series(
        [
            direction_of_travel(c, p, polarity, tolerance)
            for c, p in zip(current, previous, strict=True)
        ],
        index=current.index,
        dtype=object,
    )


def _missing(value: float | None) -> bool:
    return value is None or bool(pd.isna(value)) or math.isnan(float(value))
