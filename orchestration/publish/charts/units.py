"""Numbers for people: a value written in its indicator's unit and rounding.

A value whose measure is a proportion (0 to 1) is written as a percentage ("59.5%"); a value
already in percent gets a "%" sign; pounds get a "£" sign; everything has thousands separators
and the indicator's ``decimal_places`` (from ``marts.dim_indicator``; for a proportion shown as a
percentage, two fewer). Without ``decimal_places`` a value keeps about four significant figures.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

# how the value is written: a share of one as a percentage, a percentage, pounds, a plain number
PERCENT_OF_ONE, PERCENT, POUNDS, NUMBER = "percent_of_one", "percent", "pounds", "number"


@dataclass(frozen=True)
class Units:
    """How one indicator's values are written: ``kind``, decimals (None: about four significant
    figures) and ``words``, the unit for an axis ("% of eligible pupils", "£ per resident")."""

    kind: str
    decimals: int | None
    words: str

    @property
    def scale(self) -> float:
        """The factor from a stored value to the number written (100 for a share of one)."""
        return 100.0 if self.kind == PERCENT_OF_ONE else 1.0

    def value(self, value: float | None) -> str:
        """A value, rounded and with its sign of unit: "59.5%", "£1,029.35", "1,057.93"."""
        if value is None:
            return "no value"
        number = value * self.scale
        if self.decimals is None:
            text = fmt(abs(number))
        else:
            text = f"{abs(number):,.{self.decimals}f}"
        negative = number < 0 and text.strip("0.,") != ""
        return ("-" if negative else "") + self._affixed(text)

    def tick(self, value: float, step: float) -> str:
        """An axis tick: as many decimals as the step needs, the unit's sign, no '-0'."""
        return tick_label(value * self.scale, step * self.scale, self._affixed)

    def _affixed(self, text: str) -> str:
        if self.kind in (PERCENT_OF_ONE, PERCENT):
            return f"{text}%"
        if self.kind == POUNDS:
            return f"£{text}"
        return text


def units_for(measure: str | None, unit: str | None, decimal_places: int | None) -> Units:
    """The units of an indicator from its ``measure``, ``unit`` and ``decimal_places``."""
    unit = (unit or "").strip()
    lowered = unit.lower()
    if measure == "proportion" or lowered == "proportion" or "(0-1)" in lowered:
        words = re.sub(r"\s*\(0-1\)", "", unit)
        words = re.sub(r"^proportion\b", "%", words, flags=re.IGNORECASE).strip()
        decimals = None if decimal_places is None else max(decimal_places - 2, 0)
        return Units(PERCENT_OF_ONE, decimals, words if words.startswith("%") else "%")
    if lowered == "percent" or unit.startswith("%"):
        return Units(PERCENT, decimal_places, unit if unit.startswith("%") else "%")
    if re.search(r"\b(gbp|pounds?)\b", lowered):
        words = re.sub(r"\b(GBP|gbp|pounds?|Pounds?)\b", "£", unit)
        return Units(POUNDS, decimal_places, words)
    return Units(NUMBER, decimal_places, _thousands_in_words(unit))


def _thousands_in_words(words: str) -> str:
    """'crimes per 1000 population' -> 'crimes per 1,000 population'."""
    return re.sub(r"\b(\d{4,})\b", lambda m: f"{int(m.group(1)):,}", words)


def fmt(value: float | None) -> str:
    """A number with about four significant figures and thousands separators (for values with no
    known rounding: ratios, counts of the funnel's x-axis)."""
    if value is None:
        return "no value"
    magnitude = abs(value)
    if magnitude >= 1000:
        text = f"{value:,.0f}"
    elif magnitude >= 100:
        text = f"{value:,.1f}"
    elif magnitude >= 10:
        text = f"{value:.2f}"
    elif magnitude >= 1:
        text = f"{value:.3f}"
    elif magnitude == 0:
        return "0"
    else:
        text = f"{value:.{max(3, 3 - math.floor(math.log10(magnitude)))}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def tick_label(value: float, step: float, affix=lambda text: text) -> str:
    """An axis tick with as many decimals as its step needs, thousands separated, no '-0'."""
    decimals = next(d for d in range(12) if abs(step * 10**d - round(step * 10**d)) < 1e-6)
    text = f"{abs(value):,.{decimals}f}"
    negative = value < 0 and float(text.replace(",", "")) != 0
    return ("-" if negative else "") + affix(text)
