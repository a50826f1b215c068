"""What `frontline run --select` and `frontline check` build: a sector, a Dagster selection, or
everything but the publish.

A sector names the sources of one catalog module (orchestration/raw/catalog/<sector>.py): selecting
it reloads those sources and rebuilds everything downstream of them, checks included, and reads
every other input as the working database holds it from the last run. A run of part of the graph
never publishes: publication needs every blocking check of the whole job in the same run
(orchestration/publish/assets.py), so the publish asset is always left out of a selection.
"""

from __future__ import annotations

from collections.abc import Iterable

import dagster as dg

from orchestration.raw.catalog.education import EDUCATION_SOURCES
from orchestration.raw.catalog.geography import GEOGRAPHY_SOURCES
from orchestration.raw.catalog.health import HEALTH_SOURCES
from orchestration.raw.catalog.justice import JUSTICE_SOURCES
from orchestration.raw.catalog.local_gov import LOCAL_GOV_SOURCES
from orchestration.raw.catalog.police import POLICE_SOURCES

PUBLISH_KEY = dg.AssetKey(["publish", "release"])

SECTORS: dict[str, list] = {
    "police": POLICE_SOURCES,
    "health": HEALTH_SOURCES,
    "education": EDUCATION_SOURCES,
    "local_gov": LOCAL_GOV_SOURCES,
    "justice": JUSTICE_SOURCES,
    "geography": GEOGRAPHY_SOURCES,
}


class SelectionError(ValueError):
    """A --select that names nothing, or that Dagster cannot parse."""


def sector_selection(sector: str) -> dg.AssetSelection:
    """The sector's raw loads and everything downstream of them."""
    raw_keys = [dg.AssetKey(["raw", source.name]) for source in SECTORS[sector]]
    return dg.AssetSelection.assets(*raw_keys).downstream()


def parse_selection(text: str) -> dg.AssetSelection:
    """A sector name, else Dagster's asset selection syntax (`+key:"marts/rpt_nhs_cost_index"`,
    `group:marts`, `key:"raw/ons_*"+`)."""
    if text in SECTORS:
        return sector_selection(text)
    try:
        return dg.AssetSelection.from_string(text)
    except Exception as error:  # Dagster raises its own parse errors; one line is enough here
        raise SelectionError(
            f"--select {text!r}: not a sector ({', '.join(SECTORS)}) and not a Dagster asset "
            f"selection ({str(error).splitlines()[0] if str(error) else type(error).__name__})"
        ) from None


def selected_keys(
    defs: dg.Definitions, selections: Iterable[str], *, publish: bool
) -> list[dg.AssetKey] | None:
    """The asset keys a run builds: None for the whole job (with publication), else the union of
    ``selections`` (everything when there are none) without the publish asset."""
    selections = list(selections)
    if not selections and publish:
        return None
    graph = defs.resolve_asset_graph()
    chosen: dg.AssetSelection = dg.AssetSelection.all()
    if selections:
        chosen = parse_selection(selections[0])
        for text in selections[1:]:
            chosen = chosen | parse_selection(text)
    keys = chosen.resolve(graph) - {PUBLISH_KEY}
    if not keys:
        raise SelectionError(f"--select {' '.join(selections)}: no asset matches")
    return sorted(keys, key=lambda key: key.to_user_string())
