"""A published table as disclosure control sees it: cells and "total = sum of members" constraints.

A cell is keyed (row, column). Its ``value`` is what the publisher holds (None when not even the
publisher has it); ``published`` says whether readers are given it; ``suppressed`` marks it as
confidential (by the publisher, or by primary or secondary suppression). A cell can be neither
published nor suppressed: a complement (pupils not meeting a standard, implied by the cohort and
those meeting it) or a value that is simply not available. Readers may derive such cells by
subtraction, and that is allowed; deriving a suppressed cell is a disclosure.

A constraint says total = sum(members): a row or column margin, a parent area = the sum of its
child areas or organisations, a denominator = numerator + complement. Totals a publisher rounds or
computes from a slightly different population are still treated as exact constraints: an
attacker subtracting along them gets close to the hidden value, so protecting as if they were
exact is the conservative choice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

CellKey = tuple[str, str]  # (row key, column)

PUBLISHER = "publisher"
PRIMARY = "primary"
SECONDARY = "secondary"


@dataclass
class Cell:
    value: float | None
    published: bool = True
    suppressed: bool = False
    reason: str | None = None  # PUBLISHER, PRIMARY or SECONDARY when suppressed


@dataclass(frozen=True)
class Constraint:
    total: CellKey
    members: tuple[CellKey, ...]
    label: str

    @property
    def cells(self) -> tuple[CellKey, ...]:
        return (self.total, *self.members)


@dataclass
class Table:
    name: str
    cells: dict[CellKey, Cell] = field(default_factory=dict)
    constraints: list[Constraint] = field(default_factory=list)
    # what a reader knows of a withheld cell without its value: (low, high), e.g. a cohort
    # withheld for being below a threshold of 6 lies in (1, 5) (bounds.py)
    bounds: dict[CellKey, tuple[float, float]] = field(default_factory=dict)

    def add_cell(self, row: str, column: str, value: float | None, published: bool = True) -> None:
        value = None if value is None or pd.isna(value) else float(value)
        self.cells[(row, column)] = Cell(value=value, published=published and value is not None)

    def add_constraint(self, total: CellKey, members: Sequence[CellKey], label: str) -> None:
        if members:
            self.constraints.append(Constraint(total, tuple(members), label))

    def suppress(self, key: CellKey, reason: str) -> None:
        cell = self.cells[key]
        cell.published, cell.suppressed, cell.reason = False, True, reason

    def known(self) -> set[CellKey]:
        """The cells a reader is given."""
        return {key for key, cell in self.cells.items() if cell.published}

    def suppressed(self) -> list[CellKey]:
        return sorted(key for key, cell in self.cells.items() if cell.suppressed)


def two_way_table(
    name: str,
    body: pd.DataFrame,
    row_totals: Mapping[str, float] | pd.Series | None = None,
    column_totals: Mapping[str, float] | pd.Series | None = None,
    grand_total: float | None = None,
    total: str = "total",
) -> Table:
    """Rows x columns with a total column, a total row and the grand total.

    Margins not given are the sums of the body (NaN body cells: not available). Constraints: each
    row total, each column total, and the grand total along the total row and the total column.
    """
    body = body.copy()
    body.index = body.index.astype(str)
    body.columns = body.columns.astype(str)
    rows, columns = list(body.index), list(body.columns)
    row_totals = body.sum(axis=1, min_count=1) if row_totals is None else pd.Series(row_totals)
    column_totals = (
        body.sum(axis=0, min_count=1) if column_totals is None else pd.Series(column_totals)
    )
    if grand_total is None:
        grand_total = float(pd.Series(row_totals).sum())
    table = Table(name)
    for row in rows:
        for column in columns:
            table.add_cell(row, column, body.at[row, column])
        table.add_cell(row, total, row_totals[row])
    for column in columns:
        table.add_cell(total, column, column_totals[column])
    table.add_cell(total, total, grand_total)
    for row in rows:
        table.add_constraint(
            (row, total), [(row, c) for c in columns], f"row {row}: {total} = sum of columns"
        )
    for column in [*columns, total]:
        table.add_constraint(
            (total, column), [(r, column) for r in rows], f"column {column}: {total} = sum of rows"
        )
    table.add_constraint(
        (total, total), [(total, c) for c in columns], f"row {total}: {total} = sum of columns"
    )
    return table


@dataclass(frozen=True)
class Complement:
    """total = part + complement within a row (denominator = numerator + the rest)."""

    part: str
    total: str
    name: str = "complement"


def hierarchy_table(
    name: str,
    values: pd.DataFrame,
    parent: Mapping[str, str],
    complements: Sequence[Complement] = (),
    published: pd.DataFrame | None = None,
) -> Table:
    """One row per unit (index), one cell per count column; each parent = the sum of its children.

    ``parent`` maps a unit to the unit whose row is its total (school -> LA, LA -> England).
    A complement adds a derived cell (total - part, never published itself) and the row
    constraint total = part + complement; complements add up the hierarchy like counts do.
    ``published`` (same shape, booleans) says which values readers are given; default: all
    values that are not NaN.
    """
    units = [str(u) for u in values.index]
    columns = [str(c) for c in values.columns]
    frame = values.set_axis(units, axis=0).set_axis(columns, axis=1)
    shown = (
        frame.notna()
        if published is None
        else published.set_axis(units, axis=0).set_axis(columns, axis=1)
    )
    table = Table(name)
    for unit in units:
        for column in columns:
            table.add_cell(unit, column, frame.at[unit, column], bool(shown.at[unit, column]))
        for comp in complements:
            whole, part = frame.at[unit, comp.total], frame.at[unit, comp.part]
            derived = None if pd.isna(whole) or pd.isna(part) else whole - part
            table.add_cell(unit, comp.name, derived, published=False)
            table.add_constraint(
                (unit, comp.total),
                [(unit, comp.part), (unit, comp.name)],
                f"row {unit}: {comp.total} = {comp.part} + {comp.name}",
            )
    present = set(units)
    children: dict[str, list[str]] = {}
    for unit in units:
        if parent.get(unit) in present and parent[unit] != unit:
            children.setdefault(parent[unit], []).append(unit)
    for head in units:
        kids = children.get(head, [])
        for column in [*columns, *(c.name for c in complements)]:
            table.add_constraint(
                (head, column),
                [(kid, column) for kid in kids],
                f"{column}: {head} = sum of {len(kids)} unit(s) within it",
            )
    return table
