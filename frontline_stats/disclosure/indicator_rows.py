"""Long tables of indicator values (fct_indicator_value and marts like it), one table at a time.

Each indicator with a rule and each period make one table (table.hierarchy_table): a row per
area or organisation, a cell per count column, the complement where the layout asks for it, and
the hierarchy of the rows. A null count is suppressed when its row carries the rule's symbol (a
publisher's suppression, e.g. DfE's SUPP, or ours), otherwise not available.

- ``disclose_rows``: before publication, with the true counts: primary and secondary
  suppression, rounding, and the suppressed rows' value, symbol and reason.
- ``audit_rows``: after publication, with the published counts: the audit (audit.py) plus a
  value published beside a suppressed count (value x denominator, or the count itself, would
  give the count away).

The same count in two indicators (the same period, unit and registry definition text, e.g.
the KS2 cohort behind two attainment indicators) is suppressed in both or neither (shared.py).

A denominator stays published when it is not below the threshold and the constraints allow it:
with the numerator hidden, the row's constraint denominator = numerator + complement has two
unknowns, so the cohort size (which DfE also prints beside SUPP) gives nothing away.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace

import pandas as pd

from frontline_stats.disclosure.audit import Finding, audit_table
from frontline_stats.disclosure.hierarchy import NO_HIERARCHY, Hierarchy, unit_of
from frontline_stats.disclosure.layout import Layout
from frontline_stats.disclosure.members import add_members
from frontline_stats.disclosure.rules import SECONDARY_REASON, DisclosureRule, rules_by_indicator
from frontline_stats.disclosure.shared import Figure, harmonise, published_elsewhere
from frontline_stats.disclosure.suppression import primary_suppression
from frontline_stats.disclosure.table import PRIMARY, PUBLISHER, Complement, Table, hierarchy_table

COMPLEMENT = "complement"


DEFINITION = "_definition"  # dim_indicator: numerator_definition defines the numerator column


@dataclass(frozen=True)
class Registry:
    rules: Mapping[str, DisclosureRule]
    measures: Mapping[str, str]
    # indicator -> count column -> what it counts (the same text: the same figure)
    definitions: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    @classmethod
    def from_frame(cls, indicators: pd.DataFrame) -> Registry:
        """From dim_indicator (indicator_code, measure, sector, unit, disclosure_* columns,
        <count column>_definition)."""
        records = indicators.astype(object).where(indicators.notna(), None).to_dict("records")
        return cls(
            rules=rules_by_indicator(records),
            measures={str(r["indicator_code"]): r.get("measure") for r in records},
            definitions={
                str(r["indicator_code"]): {
                    name.removesuffix(DEFINITION): text
                    for name, text in r.items()
                    if name.endswith(DEFINITION) and isinstance(text, str) and text.strip()
                }
                for r in records
            },
        )


@dataclass
class Group:
    indicator: str
    period: str
    rule: DisclosureRule
    measure: str | None
    table: Table
    keys: pd.Series  # frame index -> unit key
    columns: list[str]  # count columns plus complement cells


def _complement_name(layout: Layout, index: int) -> str:
    return COMPLEMENT if len(layout.complements) == 1 else f"{COMPLEMENT}_{index + 1}"


def _unit_keys(rows: pd.DataFrame, layout: Layout) -> tuple[list[str], list]:
    if layout.has_hierarchy:
        organisations = (
            rows[layout.organisation_column] if layout.organisation_column else [None] * len(rows)
        )
        units = [
            unit_of(area, organisation)
            for area, organisation in zip(rows[layout.area_column], organisations, strict=True)
        ]
        keys = [unit.key for unit in units]
    else:
        units = []
        keys = [
            next((str(v) for v in values if pd.notna(v) and v != ""), "(no key)")
            for values in rows[list(layout.unit_columns)].itertuples(index=False)
        ]
    seen: dict[str, int] = {}
    unique = []
    for key in keys:  # a second row with the same key is kept apart, never merged
        seen[key] = seen.get(key, 0) + 1
        unique.append(key if seen[key] == 1 else f"{key}#{seen[key]}")
    return unique, units


def _rule_in_layout(rule: DisclosureRule, layout: Layout, measure: str | None) -> DisclosureRule:
    """A cohort rule names the registry's 'denominator'; in a mart that calls the cohort
    something else (eligible_pupils), the layout's cohort_column, else its complement total, is
    that column."""
    if rule.threshold_column != "denominator" or "denominator" in layout.count_columns:
        return rule
    if layout.cohort_column:
        return replace(rule, threshold_column=layout.cohort_column)
    totals = [spec.total for spec in layout.complements if spec.applies_to(measure)]
    if not totals:
        raise ValueError(
            "a threshold on the denominator needs a denominator column or a complement in the "
            f"layout; count columns are {list(layout.count_columns)}"
        )
    return replace(rule, threshold_column=totals[0])


def groups(
    frame: pd.DataFrame,
    layout: Layout,
    registry: Registry,
    hierarchy: Hierarchy = NO_HIERARCHY,
    name: str = "",
) -> Iterator[Group]:
    """One table per indicator (with a rule) and period, publisher suppression marked."""
    indicator = frame[layout.indicator_column] if layout.indicator_column else layout.indicator
    frame = frame.assign(_indicator=indicator)
    ruled = frame[frame["_indicator"].isin(list(registry.rules))]
    for (code, period), rows in ruled.groupby(["_indicator", layout.period_column], sort=True):
        rule, measure = registry.rules[code], registry.measures.get(code)
        rule = _rule_in_layout(rule, layout, measure)
        keys, units = _unit_keys(rows, layout)
        parents = hierarchy.parents(units) if layout.has_hierarchy else {}
        present = set(keys)
        parents = {k: p for k, p in parents.items() if k in present}
        counts = rows[list(layout.count_columns)].astype(float).set_axis(keys)
        complements = [
            Complement(spec.part, spec.total, _complement_name(layout, i))
            for i, spec in enumerate(layout.complements)
            if spec.applies_to(measure)
        ]
        title = f"{code} {period}"
        table = hierarchy_table(f"{name}[{title}]" if name else title, counts, parents, complements)
        if layout.status_column:
            marked = rows[layout.status_column].eq(rule.symbol).to_numpy()
        else:
            marked = [True] * len(rows)
        for key, is_marked in zip(keys, marked, strict=True):
            if not is_marked:
                continue
            for column in [*layout.count_columns, *(c.name for c in complements)]:
                if table.cells[(key, column)].value is None or column not in layout.count_columns:
                    table.suppress((key, column), PUBLISHER)
        yield Group(
            indicator=code,
            period=period,
            rule=rule,
            measure=measure,
            table=table,
            keys=pd.Series(keys, index=rows.index),
            columns=[*layout.count_columns, *(c.name for c in complements)],
        )


def shared_figures(
    found: list[Group],
    registry: Registry,
    frame: pd.DataFrame | None = None,
    layout: Layout | None = None,
) -> list[Figure]:
    """Count columns holding the same figure (same period and definition text): in several
    tables with a rule, or, given the frame, also published by an indicator without one."""
    by_figure: dict[tuple[str, str], Figure] = {}
    for group in found:
        for column, text in registry.definitions.get(group.indicator, {}).items():
            if column in group.columns:
                figure = by_figure.setdefault((group.period, text), Figure([]))
                figure.members.append((group.table, column, group.indicator))
    if frame is not None and layout is not None and layout.indicator_column and by_figure:
        _add_outside_publications(by_figure, frame, layout, registry)
    return [f for f in by_figure.values() if len(f.members) > 1 or f.outside]


def _add_outside_publications(
    by_figure: dict[tuple[str, str], Figure], frame: pd.DataFrame, layout: Layout, registry
) -> None:
    texts = {text for _, text in by_figure}
    outside = [
        code
        for code, definitions in registry.definitions.items()
        if code not in registry.rules and texts & set(definitions.values())
    ]
    rows = frame[frame[layout.indicator_column].isin(outside)]
    for (code, period), part in rows.groupby([layout.indicator_column, layout.period_column]):
        keys, _ = _unit_keys(part, layout)
        for column, text in registry.definitions[code].items():
            figure = by_figure.get((period, text))
            if figure is None or column not in part:
                continue
            for key, value in zip(keys, part[column], strict=True):
                if pd.notna(value):
                    figure.outside.setdefault(key, (float(value), f"{column} of {code}"))


def _row_suppression(group: Group, key: str) -> list[str | None]:
    return [
        group.table.cells[(key, c)].reason
        for c in group.columns
        if group.table.cells[(key, c)].suppressed
    ]


def disclose_rows(
    frame: pd.DataFrame, layout: Layout, registry: Registry, hierarchy: Hierarchy = NO_HIERARCHY
) -> pd.DataFrame:
    """The rows as they may be published (same columns; rows without a rule unchanged)."""
    original_index, frame = frame.index, frame.reset_index(drop=True)
    out = frame.copy()
    for column in layout.count_columns:
        out[column] = out[column].astype(object)
    found = list(groups(frame, layout, registry, hierarchy))
    for group in found:
        primary_suppression(group.table, group.rule)
    harmonise([g.table for g in found], shared_figures(found, registry))
    for group in found:
        rule = group.rule
        for index, key in group.keys.items():
            reasons = _row_suppression(group, key)
            for column in layout.count_columns:
                cell = group.table.cells[(key, column)]
                out.at[index, column] = None if cell.suppressed else rule.rounded(cell.value)
            ours = [r for r in reasons if r != PUBLISHER]
            if reasons and layout.value_column:
                out.at[index, layout.value_column] = None
            elif rule.rounds and group.measure == "count" and layout.value_column:
                out.at[index, layout.value_column] = rule.rounded(
                    _float(frame.at[index, layout.value_column])
                )
            if not ours or not layout.status_column:
                continue
            reason = rule.primary_reason if PRIMARY in ours else SECONDARY_REASON
            if pd.isna(frame.at[index, layout.status_column]):
                out.at[index, layout.status_column] = rule.symbol
                _set_reason(out, index, reason)
            else:  # already without a value (publisher's suppression, not available, ...)
                earlier = out.at[index, "status_reason"] if "status_reason" in out else None
                _set_reason(out, index, f"{earlier}; {reason}" if pd.notna(earlier) else reason)
    for column in layout.count_columns:  # the input's type, where it can hold a NULL
        numbers = pd.to_numeric(out[column])
        holds_null = numbers.notna().all() or frame[column].dtype.kind == "f"
        out[column] = numbers.astype(frame[column].dtype) if holds_null else numbers
    return out.set_axis(original_index)


def _set_reason(out: pd.DataFrame, index, reason: str) -> None:
    if "status_reason" in out:
        out.at[index, "status_reason"] = reason


def _float(value) -> float | None:
    return None if pd.isna(value) else float(value)


def _add_members(found: list[Group], frame: pd.DataFrame, layout: Layout, members) -> None:
    spec = layout.members
    by_period = dict(tuple(members.groupby(spec.period_column, sort=False)))
    area_column = layout.unit_columns[0]
    for group in found:
        period_rows = by_period.get(group.period)
        if period_rows is None:
            continue
        rows_by_area = {}
        for index, key in group.keys.items():
            area = frame.at[index, area_column]
            if pd.notna(area):
                rows_by_area.setdefault(str(area), key)
        add_members(group.table, rows_by_area, period_rows, spec, group.rule, group.indicator)


@dataclass(frozen=True)
class RowsAudit:
    findings: list[Finding]
    tables: int  # indicator x period tables audited (those with a rule)
    suppressed_cells: int

    @property
    def passed(self) -> bool:
        return not self.findings


def audit_rows(
    frame: pd.DataFrame,
    layout: Layout,
    registry: Registry,
    hierarchy: Hierarchy = NO_HIERARCHY,
    name: str = "",
    members: pd.DataFrame | None = None,
) -> RowsAudit:
    """Every disclosure finding in a published long table, one per line, table by table.

    ``members``: the rows of the mart the layout's ``members`` names (members.py), required
    when the layout has them.
    """
    frame = frame.reset_index(drop=True)
    found = list(groups(frame, layout, registry, hierarchy, name))
    if layout.members is not None:
        if members is None:
            model = layout.members.model
            raise ValueError(f"{name}: the layout adds up rows of {model}: none were given")
        _add_members(found, frame, layout, members)
    figures = shared_figures(found, registry, frame, layout)
    elsewhere = published_elsewhere([g.table for g in found], figures)
    findings, suppressed = [], 0
    for group in found:
        table_name = group.table.name
        suppressed += len(group.table.suppressed())
        findings += audit_table(group.table, group.rule, elsewhere.get(id(group.table)))
        if not layout.value_column:
            continue
        for index, key in group.keys.items():
            value = _float(frame.at[index, layout.value_column])
            if value is None:
                continue
            if _row_suppression(group, key):
                findings.append(
                    Finding(
                        table_name,
                        key,
                        layout.value_column,
                        f"value {value:g} published beside a suppressed count",
                    )
                )
            elif (
                group.measure == "count"
                and group.table.cells[(key, layout.count_columns[0])].value is None
                and group.rule.is_small(value)
            ):  # a count published only as the value
                findings.append(
                    Finding(
                        table_name,
                        key,
                        layout.value_column,
                        f"published count {value:g} is below the threshold of "
                        f"{group.rule.threshold}",
                    )
                )
    return RowsAudit(findings, len(found), suppressed)
