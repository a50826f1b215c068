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
value to check.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

KEYS = {
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


class LayoutError(ValueError):
    pass


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
        )


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
