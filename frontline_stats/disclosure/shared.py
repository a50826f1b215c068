"""The same figure in several tables: a cohort that is the denominator of two indicators.

Suppressing a figure in one table while publishing it in another undoes the suppression, and a
figure a reader derives in one table feeds the subtraction in the others. A Figure lists the
(table, column, label) holding the same figure per row key, and where it is published in a table
without a rule: indicator_rows.py forms them from the registry (the same period and the same
definition text of the count, e.g. "Pupils eligible for key stage 2 assessment" for two KS2
indicators).

- ``harmonise``: secondary suppression in every table, then each cell suppressed in one table is
  suppressed in every table that shares it, again until nothing changes (suppression only
  grows, so this ends). Tables without a rule are never changed here: a figure they publish is
  left to the audit, which then blocks publication until the registry gives them the rule too.
- ``published_elsewhere``: for the audit, per table, the shared cells that readers are given or
  can derive in any table, learnt across tables until nothing new is learnt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from frontline_stats.disclosure.audit import Elsewhere
from frontline_stats.disclosure.elimination import eliminate
from frontline_stats.disclosure.suppression import secondary_suppression
from frontline_stats.disclosure.table import SECONDARY, Table


@dataclass
class Figure:
    members: list[tuple[Table, str, str]]  # (table, column, label for findings)
    # row key -> (value, where) where a table without a rule publishes it
    outside: dict[str, tuple[float | None, str]] = field(default_factory=dict)


def harmonise(tables: Sequence[Table], shared: Sequence[Figure]) -> None:
    while True:
        for table in tables:
            secondary_suppression(table)
        changed = False
        for figure in shared:
            members = figure.members
            hidden = {
                row
                for table, column, _ in members
                for (row, col), cell in table.cells.items()
                if col == column and cell.suppressed
            }
            for table, column, _ in members:
                for row in sorted(hidden):
                    cell = table.cells.get((row, column))
                    if cell is not None and not cell.suppressed:
                        table.suppress((row, column), SECONDARY)
                        changed = True
        if not changed:
            return


def published_elsewhere(tables: Sequence[Table], shared: Sequence[Figure]) -> dict[int, Elsewhere]:
    """id(table) -> {cell: (value, where)} for the shared cells readers know from any table."""
    learnt: dict[tuple[int, str], tuple[float | None, str]] = {}
    member_of: dict[tuple[int, str], tuple[int, str]] = {}
    for index, figure in enumerate(shared):
        for row, published in figure.outside.items():
            learnt[(index, row)] = published
        for table, column, label in figure.members:
            member_of[(id(table), column)] = (index, label)
            for (row, col), cell in sorted(table.cells.items()):
                if col == column and cell.published:
                    learnt.setdefault((index, row), (cell.value, f"{column} of {label}"))

    def extra(table: Table) -> Elsewhere:
        known = {}
        for row, column in table.cells:
            member = member_of.get((id(table), column))
            if member is not None and (member[0], row) in learnt:
                known[(row, column)] = learnt[(member[0], row)]
        return known

    involved = [t for t in tables if any(member_of.get((id(t), c)) for _, c in t.cells)]
    grew = True
    while grew:
        grew = False
        for table in involved:
            given = extra(table)
            values = {key: table.cells[key].value for key in table.known()}
            values |= {key: value for key, (value, _) in given.items()}
            for recovery in eliminate(table, table.known() | set(given), values):
                row, column = recovery.cell
                member = member_of.get((id(table), column))
                if member is not None and (member[0], row) not in learnt:
                    where = f"{column} of {member[1]}, by subtraction"
                    learnt[(member[0], row)] = (recovery.value, where)
                    grew = True
    return {id(table): extra(table) for table in involved}
