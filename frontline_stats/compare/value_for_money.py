"""Value for money: spend read beside the outcome it pays for, both against the same peers.

methods.md: "Value for money = cost against outcome ... always with the context (deprivation,
population) beside it." Frontline does not collapse the two into one score: a pairing puts the
organisation's spend per head and its outcome side by side, each placed against the median of the
same peer set in the words `summary.distance_phrase` uses (close to / above / well above, by MADs),
and names the quadrant the two positions make:

    spend side   = 'higher' (above the peer median), 'lower' (below) or 'similar' (close to it)
    outcome side = 'better' or 'worse' than the peer median by the outcome's polarity, or 'similar'
    position     = '<spend side> spend, <outcome side> outcome', e.g. 'lower spend, better outcome'
"""

from __future__ import annotations

import pandas as pd

from frontline_stats.compare.polarity import Polarity, check_polarity
from frontline_stats.compare.summary import distance_phrase

_SPEND_SIDE = {"above": "higher", "well above": "higher", "below": "lower", "well below": "lower"}


def spend_side(mads: float | None, value: float | None, peer_median: float | None) -> str | None:
    """'higher', 'lower' or 'similar' spend than the peers' median; None without both figures."""
    if _missing(value) or _missing(peer_median):
        return None
    return _SPEND_SIDE.get(distance_phrase(mads, float(value), float(peer_median)), "similar")


def outcome_side(
    mads: float | None, value: float | None, peer_median: float | None, polarity: Polarity
) -> str | None:
    """'better', 'worse' or 'similar' outcome than the peers' median, by the outcome's polarity."""
    check_polarity(polarity)
    if polarity is None:
        raise ValueError("an outcome needs a polarity: 'better' has no meaning without one")
    side = spend_side(mads, value, peer_median)
    if side in (None, "similar"):
        return side
    higher_is_better = polarity == "higher_is_better"
    return "better" if (side == "higher") == higher_is_better else "worse"


def position(spend: str | None, outcome: str | None) -> str | None:
    """'lower spend, better outcome' and the like; None unless both sides are known."""
    if spend is None or outcome is None:
        return None
    return f"{spend} spend, {outcome} outcome"


def _missing(value) -> bool:
    return value is None or bool(pd.isna(value))
