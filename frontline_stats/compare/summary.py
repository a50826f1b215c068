"""Oflog-style plain-English comparison sentences: distance from the peer median, never a bare rank.

Oflog's Local Authority Data Explorer picks its automated wording from how far a value lies from
the median in MADs (see ``positions.mads_from_median``). Thresholds used here, on |MADs|:

    < 0.5          "close to" the median
    0.5 to 1.5     "above" / "below" the median   (both ends inclusive)
    > 1.5          "well above" / "well below" the median

When the MAD distance is undefined (MAD = 0) but both figures exist, plain "above" / "below" /
"equal to" is chosen from the sign of value - median.
"""

import math

import pandas as pd

from frontline_stats.compare.polarity import Polarity, check_polarity

CLOSE = 0.5
WELL = 1.5

_DIRECTION_CLAUSES = {
    "Improving": "is improving",
    "Worsening": "is worsening",
    "Increasing": "is increasing",
    "Decreasing": "is decreasing",
    "No change": "has not changed",
}
_BAND_WORDS = {
    "higher_is_better": {"A": "best", "B": "second best", "C": "second worst", "D": "worst"},
    "lower_is_better": {"A": "best", "B": "second best", "C": "second worst", "D": "worst"},
    None: {"A": "highest", "B": "second highest", "C": "second lowest", "D": "lowest"},
}


def distance_phrase(mads: float | None, value: float, peer_median: float) -> str:
    """'close to', 'above', 'below', 'well above', 'well below' (or 'equal to') the median."""
    if not _missing(mads):
        if abs(mads) < CLOSE:
            return "close to"
        side = "above" if mads > 0 else "below"
        return f"well {side}" if abs(mads) > WELL else side
    if value > peer_median:
        return "above"
    if value < peer_median:
        return "below"
    return "equal to"


def comparison_sentence(
    name: str,
    value: float | None,
    peer_median: float | None,
    mads: float | None,
    band: str | None,
    direction: str | None,
    polarity: Polarity,
    unit: str,
    decimals: int = 1,
    *,
    measure: str = "rate",
    peer_group: str = "its most similar organisations",
) -> str:
    """One or two sentences comparing ``name`` with the median of its peers.

    e.g. "Cleveland's rate of 101.3 crimes per 1,000 people is well above the median of its most
    similar forces (82.1) and is worsening." followed, when ``band`` is given, by "This places it
    in band D, the worst quarter of its most similar forces." The direction clause is left out
    when ``direction`` is None or 'No comparison'. Missing inputs give "No comparison is possible
    because ...".
    """
    check_polarity(polarity)
    if _missing(value):
        return f"No comparison is possible because {name} has no {measure} for this period."
    if _missing(peer_median):
        return f"No comparison is possible because there is no median for {peer_group}."
    phrase = distance_phrase(mads, float(value), float(peer_median))
    space = "" if unit.startswith("%") else " "
    text = (
        f"{name}'s {measure} of {_number(value, decimals)}{space}{unit} is {phrase} the median of "
        f"{peer_group} ({_number(peer_median, decimals)})"
    )
    clause = _DIRECTION_CLAUSES.get(direction or "")
    text += f" and {clause}." if clause else "."
    if band:
        words = _BAND_WORDS[polarity].get(band)
        if words is None:
            raise ValueError(f"band must be one of 'A', 'B', 'C', 'D' or None; got {band!r}")
        text += f" This places it in band {band}, the {words} quarter of {peer_group}."
    return text


def _number(value: float, decimals: int) -> str:
    return f"{float(value):,.{decimals}f}"


def _missing(value: float | None) -> bool:
    return value is None or bool(pd.isna(value)) or math.isnan(float(value))
