"""Primary and secondary suppression of a table, deterministic and to a fixed point.

Primary: every count cell with 0 < value < threshold (published, or derivable like a complement)
is suppressed; with a threshold on the cohort, the whole row of a small cohort. Zeros are published
(rules.py says why).

Secondary: while iterated subtraction (elimination.py) from the published cells recovers a
suppressed cell, take the constraint that recovered it - at that moment every other cell of it is
known, so it has exactly one unknown - and suppress one more of its cells: the smallest non-zero
member (ties by row key, then column), the total only when no non-zero member is left, a zero
member last. Each round suppresses a new cell, so the loop ends.

Why the result is safe: at the fixed point, the cells iterated subtraction reaches from the
published ones (the published cells and whatever non-confidential cells they imply, such as
complements) include no suppressed cell. So, with those implied cells counted as known, no
constraint has exactly one unknown: every row, column and hierarchy level that contains a
suppressed cell contains at least two unknowns, and subtraction along any one of them, or any
sequence of them, starts nowhere. (Linear combinations of constraints that are not themselves
constraints, and bounds from non-negativity, are beyond this guarantee; the 2-D and hierarchy
builders add the implied margins, such as the complement column of a hierarchy, as constraints.)
"""

from __future__ import annotations

from frontline_stats.disclosure.elimination import first_disclosure
from frontline_stats.disclosure.rules import DisclosureRule
from frontline_stats.disclosure.table import PRIMARY, SECONDARY, CellKey, Constraint, Table


def primary_suppression(table: Table, rule: DisclosureRule) -> list[CellKey]:
    """Suppress every count below the threshold that a reader is given or could derive; with a
    threshold on one column (the cohort), every cell of a row whose cohort is small."""
    small = sorted(
        key
        for key, cell in table.cells.items()
        if not cell.suppressed and rule.applies_to(key[1]) and rule.is_small(cell.value)
    )
    if rule.threshold_column is not None:
        rows = {row for row, _ in small}
        small = sorted(
            key for key, cell in table.cells.items() if key[0] in rows and not cell.suppressed
        )
    for key in small:
        table.suppress(key, PRIMARY)
    return small


def _partner(table: Table, constraint: Constraint, exposed: CellKey) -> CellKey:
    """The cell of ``constraint`` to suppress beside the exposed one."""

    def value(key: CellKey) -> float | None:
        return table.cells[key].value

    members = [m for m in constraint.members if m != exposed and not table.cells[m].suppressed]
    non_zero = sorted((m for m in members if (value(m) or 0) > 0), key=lambda m: (value(m), m))
    total = [] if constraint.total == exposed else [constraint.total]
    zeros = sorted(m for m in members if value(m) == 0)
    no_value = sorted(m for m in members if value(m) is None)
    candidates = non_zero + total + zeros + no_value
    if not candidates:
        raise ValueError(f"{table.name}: nothing left to suppress in {constraint.label}")
    return candidates[0]


def secondary_suppression(table: Table) -> list[CellKey]:
    """Suppress more cells until no suppressed cell can be recovered by subtraction."""
    added = []
    while (hit := first_disclosure(table)) is not None:
        partner = _partner(table, hit.constraint, hit.cell)
        table.suppress(partner, SECONDARY)
        added.append(partner)
    return added


def protect(table: Table, rule: DisclosureRule) -> Table:
    """Primary then secondary suppression, in place; returns the table."""
    primary_suppression(table, rule)
    secondary_suppression(table)
    return table
