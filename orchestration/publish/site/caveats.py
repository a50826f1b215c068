"""Caveats a reader needs before comparing: the ones people know (``caveats.csv``, kept with the
site: an indicator pattern, an organisation code or name pattern, the caveat and its source) and
the ones the data shows (``derived_caveats``: an organisation many times the national value, and
small denominators that make a proportion jump), each naming where it comes from.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from orchestration.publish.site.numbers import NumberStyle

CAVEATS_FILE = Path(__file__).with_name("caveats.csv")
DERIVED_SOURCE = "computed from marts.rpt_indicator_comparison in this release"
# a value at least this many times the national value is called out, for measures whose ratio
# to the national value means something (not a percentage change, a score or a count)
OUTLYING_RATIO = 5.0
RATIO_MEASURES = frozenset({"rate_per_1000", "ratio", "per_head", "proportion", "index"})
# a proportion whose denominator is at most this moves by 10 points or more with one person
SMALL_DENOMINATOR = 10


@dataclass(frozen=True)
class Caveat:
    """``organisation_code`` is set when the caveat is about one organisation."""

    indicator_code: str
    text: str
    source: str
    organisation_code: str | None = None


@dataclass(frozen=True)
class CaveatRule:
    indicator_pattern: str
    organisation_pattern: str
    caveat: str
    source: str

    def applies(self, indicator_code: str, code: str, name: str) -> bool:
        if not fnmatchcase(indicator_code, self.indicator_pattern):
            return False
        pattern = self.organisation_pattern
        return not pattern or fnmatchcase(code, pattern) or fnmatchcase(name.upper(), pattern)


def caveat_rules(path: Path = CAVEATS_FILE) -> list[CaveatRule]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [
            CaveatRule(
                row["indicator_pattern"],
                row["organisation_pattern"],
                row["caveat"],
                row["source"],
            )
            for row in csv.DictReader(handle)
        ]


def known_caveats(
    rules: Sequence[CaveatRule], organisations: Iterable[tuple[str, str, str]]
) -> list[Caveat]:
    """The kept caveats that apply, one per rule x (indicator, organisation code, name) it
    matches; a rule with no organisation pattern applies once per indicator."""
    found: dict[tuple[str, str | None, str], Caveat] = {}
    for indicator_code, code, name in sorted(set(organisations)):
        for rule in rules:
            if not rule.applies(indicator_code, code, name):
                continue
            who = code if rule.organisation_pattern else None
            caveat = Caveat(indicator_code, rule.caveat, rule.source, who)
            found.setdefault((indicator_code, who, rule.caveat), caveat)
    return [found[key] for key in sorted(found, key=lambda k: (k[0], k[1] or "", k[2]))]


def derived_caveats(
    latest: Sequence[Mapping[str, Any]],
    styles: Mapping[str, NumberStyle],
    type_labels: Mapping[str, str],
) -> list[Caveat]:
    """Caveats read from each indicator's latest comparison rows (one per organisation):

    - an organisation whose value is at least ``OUTLYING_RATIO`` times the national value
      (both positive, on a measure of ``RATIO_MEASURES``), saying so and, when it is, that its
      denominator is the smallest;
    - for a proportion, how many organisations had a denominator of ``SMALL_DENOMINATOR`` or
      less, where one person moves the value by 10 percentage points or more.

    ``latest`` holds, per indicator x organisation type, the rows of its latest period.
    """
    groups: dict[tuple[str, str], list[Mapping[str, Any]]] = defaultdict(list)
    for row in latest:
        groups[(row["indicator_code"], row["comparison_type"])].append(row)
    caveats: list[Caveat] = []
    for (indicator, comparison_type), rows in sorted(groups.items()):
        style = styles.get(indicator, NumberStyle())
        kind = type_labels.get(comparison_type, comparison_type)
        caveats.extend(_outlying(indicator, rows, style, kind))
        small = _small_denominators(indicator, rows, style, kind)
        if small:
            caveats.append(small)
    return caveats


def _outlying(
    indicator: str, rows: Sequence[Mapping[str, Any]], style: NumberStyle, kind: str
) -> list[Caveat]:
    denominators = [r["denominator"] for r in rows if r["denominator"]]
    smallest = min(denominators) if denominators else None
    found = []
    for row in sorted(rows, key=lambda r: r["organisation_code"]):
        value, national = row["value"], row["national_value"]
        if row.get("measure") not in RATIO_MEASURES:
            continue
        if value is None or national is None or value <= 0 or national <= 0:
            continue
        ratio = value / national
        if ratio < OUTLYING_RATIO:
            continue
        text = (
            f"In {row['period_label']}, {row['organisation_name']}'s value "
            f"({style.format(value)}) was {ratio:.1f} times the national value "
            f"({style.format(national)})"
        )
        if smallest is not None and row["denominator"] == smallest and len(denominators) > 1:
            text += (
                f"; its denominator ({row['denominator']:,.0f}) is the smallest of the "
                f"{len(denominators)} {kind} compared, so read its value with care"
            )
        found.append(Caveat(indicator, text + ".", DERIVED_SOURCE, row["organisation_code"]))
    return found


def _small_denominators(
    indicator: str, rows: Sequence[Mapping[str, Any]], style: NumberStyle, kind: str
) -> Caveat | None:
    if not style.percent:
        return None
    with_values = [r for r in rows if r["value"] is not None and r["denominator"]]
    small = [r for r in with_values if r["denominator"] <= SMALL_DENOMINATOR]
    if not small:
        return None
    text = (
        f"{len(small)} of the {len(with_values)} {kind} with a value in {small[0]['period_label']}"
        f" had a denominator of {SMALL_DENOMINATOR} or less: there one person moves "
        "the percentage by 10 points or more, so a single year's value is a weak guide."
    )
    return Caveat(indicator, text, DERIVED_SOURCE)
