"""Which row of a long table is the total of which: organisation -> its area -> parent areas.

A row is about an organisation that is not an area (a school, a trust) when it names an
organisation code other than its area code; its parent is the row of its area (its own area
code, else the organisation's area in dim_organisation). A row about an area has as parent the
nearest area above it (dim_geography parent codes) that has a row in the same table: a school's
LA, an LA's region or, when the table has no region rows, England. Whether the parent's figure
is exactly the sum of its children's (England holds every LA, the table two) does not matter:
every such parent is a constraint, the conservative reading (table.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

MAX_DEPTH = 16  # far deeper than district -> county -> region -> country -> country group


@dataclass(frozen=True)
class Unit:
    key: str
    area: str | None
    organisation: str | None

    @property
    def is_area(self) -> bool:
        return self.organisation is None or self.organisation == self.area


def _text(value) -> str | None:
    return None if value is None or pd.isna(value) or value == "" else str(value)


def unit_of(area, organisation) -> Unit:
    area, organisation = _text(area), _text(organisation)
    key = organisation if organisation is not None and organisation != area else area
    return Unit(key=key or "(no area or organisation)", area=area, organisation=organisation)


@dataclass(frozen=True)
class Hierarchy:
    area_parent: Mapping[str, str | None]
    organisation_area: Mapping[str, str]

    @classmethod
    def from_frames(cls, geography: pd.DataFrame, organisations: pd.DataFrame) -> Hierarchy:
        """From dim_geography (geography_code, parent_geography_code) and dim_organisation
        (organisation_code, geography_code; the latest version's area where it has versions)."""
        area_parent = {
            str(code): _text(parent)
            for code, parent in zip(
                geography["geography_code"], geography["parent_geography_code"], strict=True
            )
        }
        organisations = organisations[organisations["geography_code"].notna()]
        if "valid_from" in organisations:
            organisations = organisations.sort_values("valid_from", na_position="first")
        organisation_area = dict(
            zip(
                organisations["organisation_code"].astype(str),
                organisations["geography_code"].astype(str),
                strict=True,
            )
        )
        return cls(area_parent, organisation_area)

    def _nearest(self, start: str | None, present: Mapping[str, str]) -> str | None:
        area, seen = start, set()
        while area is not None and area not in seen and len(seen) < MAX_DEPTH:
            if area in present:
                return present[area]
            seen.add(area)
            area = self.area_parent.get(area)
        return None

    def parents(self, units: Sequence[Unit]) -> dict[str, str]:
        """unit key -> the key of the unit whose row is its total, for units that have one."""
        present: dict[str, str] = {}
        for unit in units:
            if unit.is_area and unit.area is not None:
                present.setdefault(unit.area, unit.key)
        parents = {}
        for unit in units:
            if unit.is_area:
                start = self.area_parent.get(unit.area) if unit.area else None
            else:
                start = unit.area or self.organisation_area.get(unit.organisation)
            parent = self._nearest(start, present)
            if parent is not None and parent != unit.key:
                parents[unit.key] = parent
        return parents


NO_HIERARCHY = Hierarchy({}, {})
