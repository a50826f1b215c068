"""Nearest neighbours computed by the warehouse (CIPFA style) for every organisation type.

Which variables, families and weights feed the distance is configuration: the seed
peer_group_variables. How many neighbours (k) is the dbt var `peer_group_k` per organisation type
(15 for councils, as CIPFA publishes; 7 for the 43 police force areas, about the size of
HMICFRS's most similar groups). The maths is frontline_stats/compare/peers.py.
"""

import hashlib
import json

import pandas as pd

from frontline_stats.compare.peers import PEER_GROUP_COLUMNS, VariableSpec, nearest_neighbours

DEFAULT_K = {"council_lower_tier": 15, "council_upper_tier": 15, "police_force_area": 7}
# Context variables are exact sums (macro exact_sum), the same bits on every run; rounding them
# to 12 significant figures first keeps the neighbours and distances independent of noise in the
# last bits of the ratios built from them (on another platform, say).
SIGNIFICANT_FIGURES = 12


def _version(organisation_type: str, specs: list[VariableSpec], k: int) -> str:
    """A short hash of the configuration: a changed variable, weight or k is a new version."""
    config = [organisation_type, k, [(s.name, s.family, s.weight) for s in specs]]
    return hashlib.sha256(json.dumps(config).encode()).hexdigest()[:12]


def _round_significant(value: float) -> float:
    return float(f"{value:.{SIGNIFICANT_FIGURES}g}") if pd.notna(value) else value


def model(dbt, session):
    dbt.config(materialized="table")
    k_by_type = {**DEFAULT_K, **(dbt.config.get("peer_group_k") or {})}
    variables = pd.concat(
        [
            dbt.ref("int_context__council_variables").df(),
            dbt.ref("int_context__police_force_area_variables").df(),
        ]
    )
    config = dbt.ref("peer_group_variables").df()

    sets = []
    for organisation_type, rows in config.groupby("organisation_type", sort=True):
        specs = [
            VariableSpec(
                name=r.variable, family=r.family, weight=float(r.weight), label=r.description
            )
            for r in rows.itertuples()
        ]
        wide = (
            variables[variables["organisation_type"] == organisation_type]
            .pivot_table(
                index="organisation_code", columns="variable", values="value", aggfunc="first"
            )
            .reindex(columns=[s.name for s in specs])
            .reset_index()
        )
        if len(wide) < 2:
            continue
        for spec in specs:
            wide[spec.name] = wide[spec.name].map(_round_significant)
        k = int(k_by_type[organisation_type])
        neighbours = nearest_neighbours(wide, "organisation_code", specs, k=k)
        version = _version(organisation_type, specs, k)
        sets.append(
            neighbours.assign(
                peer_set_id=f"nearest_neighbours:{organisation_type}:k{k}",
                peer_set_type="nearest_neighbours",
                peer_set_version=version,
                organisation_type=organisation_type,
                source="Frontline nearest neighbours from "
                + ", ".join(sorted({s.name for s in specs}))
                + f" (config {version})",
            )
        )
    result = pd.concat(sets, ignore_index=True)[PEER_GROUP_COLUMNS]
    result["peer_rank"] = result["peer_rank"].astype("int64")
    result["distance"] = result["distance"].round(SIGNIFICANT_FIGURES)
    return result.sort_values(["peer_set_id", "organisation_code", "peer_rank"])
