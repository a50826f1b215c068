"""Totals over rows another mart publishes: an LA's pupils over the cohorts of its schools.

A reader holds both marts, so a total is a constraint over the members' published cells: the
LA's TELIG less the published school cohorts is the sum of the withheld ones. ``add_members``
puts the member rows of one period into a table (hierarchy_table's shape) with those
constraints (layout ``members``, layout.py):

- each member row gets one cell, its count; a count withheld under the rule's symbol is
  suppressed and bounded to 1 .. threshold - 1, which is what a reader knows of it (a cohort
  withheld for being below the threshold; zeros are published) - bounds.py then finds the
  withheld cells the totals pin down (10 pupils over two withheld cohorts: both 5);
- a null count under another symbol adds nothing (DfE's z: no eligible pupils);
- each ``totals`` column of a row = the sum of every member within it; each ``left_out_totals``
  column = the sum over the members without a value for the table's indicator (a reader sees
  which those are in the member mart), those with a zero count excepted.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from frontline_stats.disclosure.layout import MembersSpec
from frontline_stats.disclosure.rules import DisclosureRule
from frontline_stats.disclosure.table import PUBLISHER, Table


def _member_key(unit, taken: set[str]) -> str:
    key = str(unit)
    while key in taken:  # never merged with a row of the table itself
        key = f"{key} (member)"
    taken.add(key)
    return key


def add_members(
    table: Table,
    rows_by_area: Mapping[str, str],
    members: pd.DataFrame,
    spec: MembersSpec,
    rule: DisclosureRule,
    indicator: str,
    source: str = "",
) -> int:
    """Add the member rows (one period) of the table's rows; returns how many were added.

    ``rows_by_area``: area code (the member's ``area_column`` value) -> the table's row key.
    """
    column = spec.count_column
    value_column = spec.value_column(indicator)
    taken = {row for row, _ in table.cells}
    within: dict[str, list[str]] = {}
    left_out: dict[str, list[str]] = {}
    added = 0
    for record in members.to_dict("records"):
        head = rows_by_area.get(str(record[spec.area_column]))
        if head is None:
            continue
        key = _member_key(record[spec.unit_column], taken)
        count = record[spec.count_column]
        status = record[spec.status_column] if spec.status_column else None
        if pd.notna(count):
            table.add_cell(key, column, float(count))
        elif status == rule.symbol:
            table.add_cell(key, column, None, published=False)
            table.suppress((key, column), PUBLISHER)
            if rule.threshold is not None:
                table.bounds[(key, column)] = (1.0, float(rule.threshold - 1))
        else:
            table.add_cell(key, column, 0.0)
        added += 1
        within.setdefault(head, []).append(key)
        has_pupils = table.cells[(key, column)].value != 0
        if value_column is not None and pd.isna(record[value_column]) and has_pupils:
            left_out.setdefault(head, []).append(key)
    named = source or spec.model
    for head, keys in within.items():
        for total in spec.totals:
            table.add_constraint(
                (head, total),
                [(key, column) for key in keys],
                f"{total}: {head} = sum of {column} of {len(keys)} {named} row(s) within it",
            )
    for head, keys in left_out.items():
        for total in spec.left_out_totals:
            table.add_constraint(
                (head, total),
                [(key, column) for key in keys],
                f"{total}: {head} = sum of {column} of the {len(keys)} {named} row(s) within "
                f"it without a value",
            )
    return added
