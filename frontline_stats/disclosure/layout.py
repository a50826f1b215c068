"""Where a long published table keeps what disclosure control needs: its dbt `meta.disclosure`.

    meta:
      disclosure:
        indicator_column: indicator_code   # each indicator's rule from dim_indicator
        # or  indicator: <indicator_code>  # a mart about one indicator
        period_column: period_key          # one table per indicator and period
        unit_columns: [organisation_code, geography_code]  # a row's key: first one not null
        count_columns: [numerator, denominator]            # cells held to the threshold
        complement: {part: numerator, total: denominator, measures: [proportion]}
        hierarchy: {organisation: organisation_code, area: geography_code}
        value_column: value                # null wherever a count of its row is suppressed
        status_column: status_symbol       # a null count is suppressed when its row carries
                                           # the rule's symbol (otherwise: not available)

``complement`` (one mapping or a list): total = part + complement within a row, for rows whose
indicator's measure is listed (every row without ``measures``). ``hierarchy``: rows about an
organisation add up to their area's row, areas to their parent area's (hierarchy.py). Without
``status_column`` every null count is taken as suppressed; without ``value_column`` there is no
value to check. ``cohort_column``: the count a cohort rule (a threshold on the registry's
denominator) applies to, where the mart calls it something else and has no complement naming it.

``members``: this table's rows are totals of rows published in another mart (an LA row over the
school rows of that LA), so a reader can subtract the published members from the total:

        members:
          model: rpt_education_ks2_school_results  # the mart holding the member rows
          unit_column: urn
          area_column: la_code        # a member adds up into the row whose first unit column
                                      # holds this value, in the same period (period_column)
          count_column: eligible_pupils
          status_column: eligible_pupils_status_symbol
          totals: [dfe_eligible_pupils]      # = the sum of every member's count
          left_out_totals: [pupils_left_out]  # = the sum over members without a value
          value_columns: {dfe_ks2_rwm_expected_standard: rwm_expected_value}

A member count withheld under the rule's symbol is taken as lying between 1 and threshold - 1
(what a reader knows of a withheld cohort; bounds.py); a null count under another symbol adds
nothing (z: no pupils).

A public model that needs no layout says why instead, and the gate refuses one that says
neither (quality/disclosure_checks.py):

    meta:
      disclosure:
        none: "counts of recorded crimes by police force area: offences, not people"
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

KEYS = {
    "cohort_column",
    "members",
    "indicator_column",
    "indicator",
    "period_column",
    "unit_columns",
    "count_columns",
    "complement",
    "hierarchy",
    "value_column",
    "status_column",
}


NONE = "none"
MEMBER_KEYS = {
    "model",
    "unit_column",
    "area_column",
    "period_column",
    "count_column",
    "status_column",
    "totals",
    "left_out_totals",
    "value_columns",
}


class LayoutError(ValueError):
    pass


@dataclass(frozen=True)
class NoLayout:
    """A public model that needs no disclosure layout, and why."""

    reason: str


@dataclass(frozen=True)
class MembersSpec:
    model: str
    unit_column: str
    area_column: str
    period_column: str
    count_column: str
    status_column: str | None = None
    totals: tuple[str, ...] = ()
    left_out_totals: tuple[str, ...] = ()
    value_columns: tuple[tuple[str, str], ...] = ()  # (indicator, value column)

    def value_column(self, indicator: str) -> str | None:
        return dict(self.value_columns).get(indicator)

    @property
    def columns(self) -> list[str]:
        named = [
            self.unit_column,
            self.area_column,
            self.period_column,
            self.count_column,
            self.status_column,
            *(column for _, column in self.value_columns),
        ]
        return list(dict.fromkeys(c for c in named if c))


@dataclass(frozen=True)
class ComplementSpec:
    part: str
    total: str
    measures: tuple[str, ...] | None = None

    def applies_to(self, measure: str | None) -> bool:
        return self.measures is None or measure in self.measures


@dataclass(frozen=True)
class Layout:
    period_column: str
    unit_columns: tuple[str, ...]
    count_columns: tuple[str, ...]
    indicator_column: str | None = None
    indicator: str | None = None
    complements: tuple[ComplementSpec, ...] = ()
    organisation_column: str | None = None
    area_column: str | None = None
    value_column: str | None = None
    status_column: str | None = None
    cohort_column: str | None = None
    members: MembersSpec | None = None

    @property
    def has_hierarchy(self) -> bool:
        return self.area_column is not None

    @property
    def columns(self) -> list[str]:
        """Every column the layout reads."""
        named = [
            self.indicator_column,
            self.period_column,
            *self.unit_columns,
            *self.count_columns,
            self.organisation_column,
            self.area_column,
            self.value_column,
            self.status_column,
        ]
        return list(dict.fromkeys(c for c in named if c))

    @classmethod
    def from_meta(cls, meta: Mapping[str, Any], where: str) -> Layout:
        """Parse a `meta.disclosure` mapping; ``where`` names the model in errors."""

        def fail(message: str) -> LayoutError:
            return LayoutError(f"{where}: meta.disclosure: {message}")

        unknown = set(meta) - KEYS
        if unknown:
            raise fail(f"unknown key(s) {sorted(unknown)}; expected some of {sorted(KEYS)}")
        if bool(meta.get("indicator_column")) == bool(meta.get("indicator")):
            raise fail("give exactly one of indicator_column and indicator")
        for key in ("period_column", "unit_columns", "count_columns"):
            if not meta.get(key):
                raise fail(f"{key} is required")
        complements = meta.get("complement") or []
        if isinstance(complements, Mapping):
            complements = [complements]
        specs = []
        for spec in complements:
            if set(spec) - {"part", "total", "measures"} or not {"part", "total"} <= set(spec):
                raise fail(f"complement {dict(spec)} needs part and total (and maybe measures)")
            measures = spec.get("measures")
            specs.append(
                ComplementSpec(spec["part"], spec["total"], tuple(measures) if measures else None)
            )
        hierarchy = meta.get("hierarchy") or {}
        if set(hierarchy) - {"organisation", "area"} or (hierarchy and "area" not in hierarchy):
            raise fail(f"hierarchy {dict(hierarchy)} needs area (and maybe organisation)")
        counts = tuple(meta["count_columns"])
        for spec in specs:
            if spec.part not in counts or spec.total not in counts:
                raise fail(f"complement columns {spec.part}, {spec.total} must be count_columns")
        cohort = meta.get("cohort_column")
        if cohort is not None and cohort not in counts:
            raise fail(f"cohort_column {cohort} must be one of count_columns {list(counts)}")
        members = None
        if meta.get("members") is not None:
            members = _members(meta["members"], meta["period_column"], counts, fail)
        return cls(
            period_column=meta["period_column"],
            unit_columns=tuple(meta["unit_columns"]),
            count_columns=counts,
            indicator_column=meta.get("indicator_column"),
            indicator=meta.get("indicator"),
            complements=tuple(specs),
            organisation_column=hierarchy.get("organisation"),
            area_column=hierarchy.get("area"),
            value_column=meta.get("value_column"),
            status_column=meta.get("status_column"),
            cohort_column=cohort,
            members=members,
        )


def _members(meta: Mapping[str, Any], period_column: str, counts: tuple[str, ...], fail):
    unknown = set(meta) - MEMBER_KEYS
    if unknown:
        raise fail(f"members: unknown key(s) {sorted(unknown)}; expected some of "
                   f"{sorted(MEMBER_KEYS)}")  # fmt: skip
    for key in ("model", "unit_column", "area_column", "count_column"):
        if not meta.get(key):
            raise fail(f"members: {key} is required")
    totals = tuple(meta.get("totals") or ())
    left_out = tuple(meta.get("left_out_totals") or ())
    if not totals and not left_out:
        raise fail("members: give totals or left_out_totals (the columns the members add up to)")
    outside = [c for c in (*totals, *left_out) if c not in counts]
    if outside:
        raise fail(f"members: totals {outside} must be count_columns {list(counts)}")
    value_columns = dict(meta.get("value_columns") or {})
    if left_out and not value_columns:
        raise fail("members: left_out_totals need value_columns (indicator: member value column)")
    return MembersSpec(
        model=meta["model"],
        unit_column=meta["unit_column"],
        area_column=meta["area_column"],
        period_column=meta.get("period_column") or period_column,
        count_column=meta["count_column"],
        status_column=meta.get("status_column"),
        totals=totals,
        left_out_totals=left_out,
        value_columns=tuple(sorted(value_columns.items())),
    )


def parse_declaration(declared: Any, where: str) -> tuple[Layout, ...] | NoLayout:
    """A public model's `meta.disclosure`: one layout, a list of them, or ``{none: why}``."""
    if isinstance(declared, Mapping) and NONE in declared:
        reason = declared[NONE]
        if set(declared) != {NONE} or not isinstance(reason, str) or not reason.strip():
            raise LayoutError(
                f"{where}: meta.disclosure: 'none' takes a reason (text) and no other key, "
                f"found {dict(declared)}"
            )
        return NoLayout(reason.strip())
    items = declared if isinstance(declared, list) else [declared]
    if not items or not all(isinstance(item, Mapping) for item in items):
        raise LayoutError(
            f"{where}: meta.disclosure: expected a layout, a list of layouts or "
            f"{{none: <why>}}, found {declared!r}"
        )
    return tuple(Layout.from_meta(item, where=where) for item in items)


# fct_indicator_value and int_indicators__values_before_disclosure (same columns); the mart
# declares the same in _facts__models.yml (a test keeps the two equal)
INDICATOR_VALUE_LAYOUT = Layout(
    indicator_column="indicator_code",
    period_column="period_key",
    unit_columns=("organisation_code", "geography_code"),
    count_columns=("numerator", "denominator"),
    complements=(ComplementSpec("numerator", "denominator", ("proportion",)),),
    organisation_column="organisation_code",
    area_column="geography_code",
    value_column="value",
    status_column="status_symbol",
)
