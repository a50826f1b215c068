"""Subtraction with bounds: what a reader works out when a withheld cell is known to be small.

A cell withheld because it is below the threshold T lies between 1 and T - 1 (zeros are
published, rules.py). Subtraction along a total then leaves an interval, not a value, and the
interval can close: two withheld cohorts that add up to 10 under a threshold of 6 are both 5;
two that add up to 2 are both 1. Linear elimination (elimination.py) cannot see this.

``narrow`` propagates intervals through every "total = sum of members" constraint to a fixed
point: the total lies within the sum of its members' intervals, and each member within the total
less the others. Only cells given bounds are bounded; every other unknown cell is unbounded (no
non-negativity assumed), so a table without bounds learns nothing here that elimination misses.
Counts are whole numbers, so interval ends are rounded inwards.

A constraint that no values within the bounds can satisfy is not an exact total (a publisher's
total over a slightly different population, or a figure rounded): a reader can conclude nothing
from it, so it is set aside and the propagation starts again without it.
"""

from __future__ import annotations

import math
from collections import defaultdict, deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from frontline_stats.disclosure.elimination import Recovery
from frontline_stats.disclosure.table import CellKey, Constraint, Table

Interval = tuple[float, float]
UNBOUNDED: Interval = (-math.inf, math.inf)
ROUNDS_PER_CONSTRAINT = 50  # a cap: integer intervals shrink by at least one per narrowing


@dataclass(frozen=True)
class Narrowed:
    intervals: dict[CellKey, Interval]
    last_narrowed_by: dict[CellKey, Constraint]
    set_aside: tuple[Constraint, ...]  # constraints no values within the bounds satisfy


class _Contradiction(Exception):
    def __init__(self, index: int) -> None:
        self.index = index


def _whole(low: float, high: float) -> Interval:
    low = math.ceil(low - 1e-9) if math.isfinite(low) else low
    high = math.floor(high + 1e-9) if math.isfinite(high) else high
    return low, high


class _Sum:
    """A sum of interval ends that can leave one term out in O(1): infinite terms counted apart."""

    def __init__(self, values: list[float], infinite: float) -> None:
        self.infinite = infinite
        self.count = sum(1 for v in values if v == infinite)
        self.finite = math.fsum(v for v in values if v != infinite)

    def without(self, value: float | None = None) -> float:
        count, finite = self.count, self.finite
        if value == self.infinite:
            count -= 1
        elif value is not None:
            finite -= value
        return self.infinite if count else finite


def _propagate(
    constraints: list[Constraint], start: dict[CellKey, Interval], active: list[int]
) -> tuple[dict[CellKey, Interval], dict[CellKey, Constraint]]:
    intervals = dict(start)
    by_cell: dict[CellKey, list[int]] = defaultdict(list)
    for index in active:
        for cell in constraints[index].cells:
            by_cell[cell].append(index)
    last: dict[CellKey, Constraint] = {}
    queue, queued = deque(active), set(active)
    budget = ROUNDS_PER_CONSTRAINT * max(len(active), 1)
    while queue and budget > 0:
        budget -= 1
        index = queue.popleft()
        queued.discard(index)
        constraint = constraints[index]
        members = list(constraint.members)
        lows = [intervals.get(m, UNBOUNDED)[0] for m in members]
        highs = [intervals.get(m, UNBOUNDED)[1] for m in members]
        total_low, total_high = intervals.get(constraint.total, UNBOUNDED)
        low_sum, high_sum = _Sum(lows, -math.inf), _Sum(highs, math.inf)
        proposals = [(constraint.total, (low_sum.without(), high_sum.without()))]
        for member, low, high in zip(members, lows, highs, strict=True):
            proposals.append(
                (member, (total_low - high_sum.without(high), total_high - low_sum.without(low)))
            )
        for cell, (low, high) in proposals:
            if math.isnan(low) or math.isnan(high):
                continue  # infinity less infinity: nothing learnt
            old_low, old_high = intervals.get(cell, UNBOUNDED)
            new = _whole(max(old_low, low), min(old_high, high))
            if new[0] > new[1]:
                raise _Contradiction(index)
            if new != (old_low, old_high):
                intervals[cell] = new
                last[cell] = constraint
                for other in by_cell[cell]:
                    if other not in queued:
                        queue.append(other)
                        queued.add(other)
    return intervals, last


def narrow(
    table: Table, values: Mapping[CellKey, float | None], bounds: Mapping[CellKey, Interval]
) -> Narrowed:
    """Every cell's interval given the values a reader knows and the bounds of withheld cells."""
    start: dict[CellKey, Interval] = dict(bounds)
    for key, value in values.items():
        if value is not None:
            start[key] = (value, value)
    active = list(range(len(table.constraints)))
    set_aside = []
    while True:
        try:
            intervals, last = _propagate(table.constraints, start, active)
        except _Contradiction as contradiction:
            active.remove(contradiction.index)
            set_aside.append(table.constraints[contradiction.index])
            continue
        return Narrowed(intervals, last, tuple(set_aside))


def pinned(
    table: Table,
    values: Mapping[CellKey, float | None],
    bounds: Mapping[CellKey, Interval],
    already: Iterable[CellKey] = (),
) -> list[Recovery]:
    """Suppressed cells whose interval closes to one value (those in ``already`` left out)."""
    if not bounds:
        return []
    result = narrow(table, values, bounds)
    skip = set(already) | set(values)
    found = []
    for key in table.suppressed():
        low, high = result.intervals.get(key, UNBOUNDED)
        constraint = result.last_narrowed_by.get(key)  # None: the bounds alone, no total
        if key not in skip and constraint is not None and math.isfinite(low) and low == high:
            found.append(Recovery(key, constraint, float(low)))
    return found
