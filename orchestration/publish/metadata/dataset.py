"""What every open-standard description says of a published table and of the release alike: its
title and description (from the dbt contract), who publishes it and under which licences.

One place, so the CSVW descriptions, the Data Package and the DCAT catalogue never disagree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from orchestration.publish.contract import MartContract
from orchestration.publish.model import SourceFile

PUBLISHER = "Frontline"
CATALOGUE_TITLE = "Frontline: comparisons of UK public services"
CATALOGUE_DESCRIPTION = (
    "Frontline turns the files UK public-service publishers ship into conformed, quality-gated "
    "comparisons: each organisation (police force, council, NHS trust, school, prison) against "
    "similar ones and nationally, with the same peer groups, positions, funnel limits and "
    "trends from one engine. Every table passed statistical disclosure control and blocking "
    "checks before this release."
)


@dataclass(frozen=True)
class Licence:
    """A licence as the standards name it: ``name`` (SPDX-style identifier), ``url``, ``title``."""

    name: str
    url: str
    title: str

    def as_frictionless(self) -> dict[str, str]:
        return {"name": self.name, "path": self.url, "title": self.title}


OGL = Licence(
    "OGL-UK-3.0",
    "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    "Open Government Licence v3.0",
)
CC_BY = Licence("CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/", "CC BY 4.0")
_BY_TEXT = {
    "open government licence v3.0": OGL,
    "ogl-uk-3.0": OGL,
    "ogl v3.0": OGL,
    "cc by 4.0": CC_BY,
    "cc-by-4.0": CC_BY,
    "creative commons attribution 4.0": CC_BY,
}


def licence_of(text: str) -> Licence:
    """The licence a source's licence text names; unknown text is kept as the name, no URL."""
    return _BY_TEXT.get(text.strip().lower(), Licence(text.strip(), "", text.strip()))


def release_licences(sources: Iterable[SourceFile]) -> list[Licence]:
    """The licences of the release: OGL v3.0 always (Frontline's own output), then each other
    licence its sources carry, in the order first met."""
    licences = [OGL]
    for source in sources:
        licence = licence_of(source.licence)
        if licence not in licences:
            licences.append(licence)
    return licences


def table_name(qualified: str) -> str:
    """``marts.rpt_x`` -> ``rpt_x``: the name the table's files carry."""
    return qualified.split(".")[-1]


def title(contract: MartContract | None, qualified: str) -> str:
    """A short human title: the contract description up to its first colon or full stop (the
    descriptions open with what the table is), or the table name when there is none."""
    text = contract.description if contract else ""
    head = re.split(r":\s|\.\s|\.$", text, maxsplit=1)[0].strip()
    return head or table_name(qualified)


def description(contract: MartContract | None, qualified: str) -> str:
    return (contract.description if contract else "") or f"The published table {qualified}."


def column_description(contract: MartContract | None, column: str) -> str:
    return (contract.columns.get(column, "") if contract else "") or ""


def contract_of(contracts: Mapping[str, MartContract], mart: Mapping[str, Any]) -> MartContract:
    """The mart's contract, or an empty one (no description, no primary key)."""
    return contracts.get(mart["table"]) or MartContract(table=mart["table"], description="")


def mart_file(mart: Mapping[str, Any], fmt: str) -> dict[str, Any]:
    """The mart's file entry of the format (``csv`` or ``parquet``)."""
    [entry] = [f for f in mart["files"] if f["format"] == fmt]
    return entry
