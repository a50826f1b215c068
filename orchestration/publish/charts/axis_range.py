"""The range an axis shows when one organisation is far from the rest.

City of London's crime ratio is twelve times the expected one; drawn to include it, the other 41
police force areas sit in a line near 1. An axis here stops at the most extreme value inside
Tukey's far-out fences (three interquartile ranges beyond the quartiles); the values beyond are
drawn at the edge as arrows with their value written beside them, and the chart says so in a
note. With fewer than ``MIN_VALUES`` values the quartiles say too little and nothing is cut.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

FENCE_IQRS = 3.0
MIN_VALUES = 8


@dataclass(frozen=True)
class Span:
    """The values an axis must show: ``lo`` to ``hi``; ``cut`` when values beyond were left out
    (they are drawn at the edge)."""

    lo: float
    hi: float
    cut: bool


def quantile(ordered: Sequence[float], q: float) -> float:
    """The q-quantile of sorted values, interpolated linearly between order statistics."""
    position = (len(ordered) - 1) * q
    below = int(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def robust_span(values: Iterable[float], keep: Iterable[float] = ()) -> Span:
    """The span of ``values`` without those beyond the far-out fences, always including the
    ``keep`` values (a target, a national value)."""
    ordered = sorted(values)
    kept = list(keep)
    if not ordered:
        return Span(min(kept, default=0.0), max(kept, default=1.0), False)
    inside = ordered
    if len(ordered) >= MIN_VALUES:
        q1, q3 = quantile(ordered, 0.25), quantile(ordered, 0.75)
        iqr = q3 - q1
        if iqr > 0:
            lo_fence, hi_fence = q1 - FENCE_IQRS * iqr, q3 + FENCE_IQRS * iqr
            inside = [v for v in ordered if lo_fence <= v <= hi_fence]
    lo, hi = min(inside + kept), max(inside + kept)
    return Span(lo, hi, ordered[0] < lo or ordered[-1] > hi)
