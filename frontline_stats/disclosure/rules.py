"""An indicator's disclosure rule, as the registry (dim_indicator) states it.

- threshold N: a count c with 0 < c < N is suppressed (primary). True zeros are published: GSS and
  ONS practice publishes zeros (a zero reveals no individual's value beyond "none"), and DfE's
  performance tables print 0%; DfE's own rule is on the cohort, which a count threshold covers.
- rounding base B: every published count is rounded half up to the nearest multiple of B
  (2.5 -> 5 with B = 5; 7.5 -> 10), after suppression was decided on the unrounded counts.
- symbol: the GSS status symbol a suppressed value carries ('c' unless the registry says).
- what the threshold applies to (registry disclosure_threshold_applies_to): 'every_count' (the
  default: every count cell, numerators, denominators and derivable complements alike, as NHS
  sub-national counts are treated) or 'denominator' (the cohort only, as DfE's performance tables
  do: a school with fewer than N eligible pupils has its whole row suppressed, while a small
  numerator in a large enough cohort, e.g. 3 of 30 pupils at the higher standard, is published).
  A count indicator's rule always applies to the count itself.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

DEFAULT_SYMBOL = "c"
EVERY_COUNT = "every_count"
SECONDARY_REASON = "suppressed to protect another cell (secondary)"
# what a threshold counts, for the reason text; a count indicator names it in its unit
COUNTED_BY_SECTOR = {"education": "pupils"}


def _integer(value: Any) -> int | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value == "":
        return None
    return int(value)


@dataclass(frozen=True)
class DisclosureRule:
    threshold: int | None = None
    rounding_base: int | None = None
    symbol: str = DEFAULT_SYMBOL
    counted: str = ""  # noun for the reason text: "fewer than 6 pupils"
    # None: the threshold applies to every count cell; else only to this column (the cohort),
    # and a small one takes its whole row with it
    threshold_column: str | None = None

    def applies_to(self, column: str) -> bool:
        return self.threshold_column is None or column == self.threshold_column

    def is_small(self, value: float | None) -> bool:
        """A count the threshold suppresses: 0 < value < threshold (zero is published)."""
        return self.threshold is not None and value is not None and 0 < value < self.threshold

    @property
    def rounds(self) -> bool:
        return self.rounding_base is not None and self.rounding_base > 1

    def rounded(self, value: float | None) -> float | None:
        """Round half up to the nearest multiple of the base (no-op without a base)."""
        if value is None or not self.rounds:
            return value
        base = self.rounding_base
        return float(math.floor(value / base + 0.5) * base)

    def is_rounded(self, value: float) -> bool:
        return not self.rounds or value % self.rounding_base == 0

    @property
    def primary_reason(self) -> str:
        counted = f" {self.counted}" if self.counted else ""
        cohort = f"{self.threshold_column} of " if self.threshold_column else ""
        return f"suppressed: {cohort}fewer than {self.threshold}{counted} (primary)"


def rule_from_registry_row(row: Mapping[str, Any]) -> DisclosureRule | None:
    """The rule of one registry row, or None when it sets neither a threshold nor a base."""
    threshold = _integer(row.get("disclosure_threshold"))
    base = _integer(row.get("disclosure_rounding_base"))
    if threshold is None and base is None:
        return None
    symbol = row.get("disclosure_symbol")
    if not isinstance(symbol, str) or not symbol:
        symbol = DEFAULT_SYMBOL
    counted = COUNTED_BY_SECTOR.get(row.get("sector") or "", "")
    if not counted and row.get("measure") == "count" and isinstance(row.get("unit"), str):
        counted = row["unit"]
    applies = row.get("disclosure_threshold_applies_to")
    if applies in (None, "", EVERY_COUNT) or row.get("measure") == "count":
        column = None
    elif applies == "denominator":
        column = "denominator"
    else:
        raise ValueError(
            f"indicator {row.get('indicator_code')}: disclosure_threshold_applies_to {applies!r} "
            f"is not '{EVERY_COUNT}' or 'denominator'"
        )
    return DisclosureRule(
        threshold=threshold,
        rounding_base=base,
        symbol=symbol,
        counted=counted,
        threshold_column=column,
    )


def rules_by_indicator(rows: Iterable[Mapping[str, Any]]) -> dict[str, DisclosureRule]:
    """indicator_code -> rule, for every registry row that sets one."""
    rules = {}
    for row in rows:
        rule = rule_from_registry_row(row)
        if rule is not None:
            rules[str(row["indicator_code"])] = rule
    return rules
