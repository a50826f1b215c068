"""Audit a published table: what it discloses, one finding per line.

Findings:
- a published count below the threshold (0 < value < threshold); with a threshold on the cohort,
  a published cohort below it or any count published beside one;
- a published count that is not a multiple of the rounding base, where the rule rounds;
- a suppressed cell that iterated subtraction recovers from the published cells;
- a cell that is not published but derivable (a complement) and below the threshold - only
  where the rule does not round: with rounded counts a derived value is approximate;
- a suppressed cell whose figure is published elsewhere (``elsewhere``: the same count in another
  table, e.g. the cohort of a second indicator), which also feeds the subtraction;
- a suppressed cell that subtraction pins down once the bounds of withheld cells are used (the
  table's ``bounds``: two withheld cohorts adding up to 10 under a threshold of 6 are both 5;
  bounds.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from frontline_stats.disclosure.bounds import pinned
from frontline_stats.disclosure.elimination import eliminate
from frontline_stats.disclosure.rules import DisclosureRule
from frontline_stats.disclosure.table import CellKey, Table

Elsewhere = Mapping[CellKey, tuple[float | None, str]]  # cell -> (value, where it is published)


@dataclass(frozen=True)
class Finding:
    table: str
    row: str
    column: str
    reason: str

    def line(self) -> str:
        return f"{self.table} | {self.row} | {self.column} | {self.reason}"


def _number(value: float | None) -> str:
    return "unknown" if value is None else f"{value:g}"


def audit_table(
    table: Table, rule: DisclosureRule, elsewhere: Elsewhere | None = None
) -> list[Finding]:
    findings = []
    elsewhere = {key: known for key, known in (elsewhere or {}).items() if key in table.cells}
    for (row, column), (value, where) in sorted(elsewhere.items()):
        if table.cells[(row, column)].suppressed:
            findings.append(
                Finding(
                    table.name,
                    row,
                    column,
                    f"suppressed cell known from {where} (= {_number(value)})",
                )
            )
    small_cohorts = {
        row
        for (row, column), cell in table.cells.items()
        if rule.threshold_column == column and rule.is_small(cell.value)
    }
    for (row, column), cell in sorted(table.cells.items()):
        if not cell.published:
            continue
        if row in small_cohorts and column != rule.threshold_column:
            findings.append(
                Finding(
                    table.name,
                    row,
                    column,
                    f"published beside a {rule.threshold_column} below the threshold of "
                    f"{rule.threshold}",
                )
            )
        if rule.applies_to(column) and rule.is_small(cell.value):
            findings.append(
                Finding(
                    table.name,
                    row,
                    column,
                    f"published {_number(cell.value)} is below the threshold of {rule.threshold}",
                )
            )
        if cell.value is not None and not rule.is_rounded(cell.value):
            findings.append(
                Finding(
                    table.name,
                    row,
                    column,
                    f"published {_number(cell.value)} is not rounded to base {rule.rounding_base}",
                )
            )
    known = table.known() | set(elsewhere)
    values = {key: table.cells[key].value for key in table.known()}
    values |= {key: value for key, (value, _) in elsewhere.items()}
    recoveries = eliminate(table, known, values)
    for recovery in recoveries:
        row, column = recovery.cell
        if table.cells[recovery.cell].suppressed:
            findings.append(
                Finding(
                    table.name,
                    row,
                    column,
                    f"suppressed cell recoverable by subtraction along "
                    f"{recovery.constraint.label} (= {_number(recovery.value)})",
                )
            )
        elif not rule.rounds and rule.applies_to(column) and rule.is_small(recovery.value):
            findings.append(
                Finding(
                    table.name,
                    row,
                    column,
                    f"derivable {_number(recovery.value)} is below the threshold of "
                    f"{rule.threshold} ({recovery.constraint.label})",
                )
            )
    values |= {recovery.cell: recovery.value for recovery in recoveries}
    for recovery in pinned(table, values, table.bounds, already=values):
        row, column = recovery.cell
        low, high = table.bounds.get(recovery.cell, (None, None))
        within = "" if low is None else f", it being withheld as {_number(low)} to {_number(high)}"
        findings.append(
            Finding(
                table.name,
                row,
                column,
                f"suppressed cell pinned down by subtraction along "
                f"{recovery.constraint.label}{within} (= {_number(recovery.value)})",
            )
        )
    return findings
