"""Numbers as the site prints them: each indicator's own decimal places, proportions as
percentages, pounds with a pound sign, thousands separated; a missing value says why."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from orchestration.publish.site.labels import status_label

_PERCENT_DECIMALS = 1


@dataclass(frozen=True)
class NumberStyle:
    """How one indicator's values print: ``decimal_places`` from dim_indicator; ``percent`` for
    a proportion between 0 and 1 (printed times 100 with a % sign); ``pounds`` for money."""

    decimal_places: int = 1
    percent: bool = False
    pounds: bool = False

    def format(self, value: float | None, symbol: str | None = None) -> str:
        if value is None:
            return status_label(symbol)
        if self.percent:
            return f"{value * 100:,.{_PERCENT_DECIMALS}f}%"
        text = f"{abs(value):,.{self.decimal_places}f}"
        sign = "-" if value < 0 and text.strip("0.,") else ""
        return f"{sign}£{text}" if self.pounds else f"{sign}{text}"


def number_style(unit: str | None, measure: str | None, decimal_places: int | None) -> NumberStyle:
    """The style of an indicator from its registry entry (unit, measure, decimal places)."""
    unit_text = (unit or "").lower()
    places = 1 if decimal_places is None else max(int(decimal_places), 0)
    percent = measure == "proportion" or unit_text.startswith("proportion of")
    pounds = unit_text.startswith(("gbp", "pounds", "£"))
    return NumberStyle(decimal_places=places, percent=percent, pounds=pounds)


def display_unit(unit: str | None, style: NumberStyle) -> str:
    """The unit as a reader needs it beside a printed number: a proportion printed as a
    percentage loses its '(0-1)'."""
    text = unit or ""
    if style.percent:
        text = text.replace(" (0-1)", "")
        if text.lower().startswith("proportion of"):
            text = "% of" + text[len("proportion of") :]
        elif text.lower() == "proportion":
            text = "%"
    return text


def format_count(value: float | int | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}"


def plain_number(value: Any) -> str:
    """A number whose indicator is unknown (a change log's before and after): integers as they
    are, other numbers to four decimal places without trailing zeros."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, int) or float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.4f}".rstrip("0").rstrip(".")
