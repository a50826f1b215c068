"""Iterated subtraction: what a reader can work out from a published table and its totals.

Repeatedly take any constraint with exactly one cell the reader does not know and solve it
(the unknown is the total minus the other members, or the sum of the members), then treat the
solved cell as known. A protected table is one where this never reaches a suppressed cell.
Constraints are processed lowest index first, so the order of recoveries is deterministic.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from frontline_stats.disclosure.table import CellKey, Constraint, Table


@dataclass(frozen=True)
class Recovery:
    cell: CellKey
    constraint: Constraint
    value: float | None  # None where a cell it was solved from has no value to us


def _solve(
    constraint: Constraint, cell: CellKey, values: dict[CellKey, float | None]
) -> float | None:
    """The unknown cell's value: the sum of the members, or the total less the other members."""
    members = [values.get(m) for m in constraint.members if m != cell]
    total = None if cell == constraint.total else values.get(constraint.total)
    if any(v is None for v in members) or (cell != constraint.total and total is None):
        return None
    return float(sum(members)) if cell == constraint.total else float(total - sum(members))


def eliminate(
    table: Table, known: Iterable[CellKey], values: dict[CellKey, float | None] | None = None
) -> list[Recovery]:
    """Every cell the reader can recover from ``known``, in the order they are recovered.

    ``values`` (default: the table's values of the known cells) is what the reader reads; it is
    only used to report the recovered values.
    """
    known = set(known)
    if values is None:
        values = {key: table.cells[key].value for key in known}
    else:
        values = dict(values)
    unknown = [{c for c in k.cells if c not in known} for k in table.constraints]
    by_cell: dict[CellKey, list[int]] = defaultdict(list)
    for index, constraint in enumerate(table.constraints):
        for cell in constraint.cells:
            by_cell[cell].append(index)
    ready = [i for i, cells in enumerate(unknown) if len(cells) == 1]
    heapq.heapify(ready)
    recoveries = []
    while ready:
        index = heapq.heappop(ready)
        if len(unknown[index]) != 1:
            continue
        (cell,) = unknown[index]
        constraint = table.constraints[index]
        values[cell] = _solve(constraint, cell, values)
        recoveries.append(Recovery(cell, constraint, values[cell]))
        for other in by_cell[cell]:
            unknown[other].discard(cell)
            if len(unknown[other]) == 1:
                heapq.heappush(ready, other)
    return recoveries


def first_disclosure(table: Table) -> Recovery | None:
    """The first suppressed cell iterated subtraction recovers from the published cells."""
    for recovery in eliminate(table, table.known()):
        if table.cells[recovery.cell].suppressed:
            return recovery
    return None
