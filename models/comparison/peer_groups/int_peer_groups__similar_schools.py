"""DfE similar schools for primary schools compared on KS2 results (frontline_stats/compare/
similar_schools.py: FBIT weights pupils 0.5, % FSM 0.4, % SEN 0.1; within GIAS phase; 60
nearest, same region preferred, 30 kept). Characteristics: int_education__school_characteristics
(TOTPUPS and % SEN from the 2018-19 KS2 record, % FSM from GIAS 7 May 2021). Every school shipped
is in the South East, so the region preference always holds and never changes a list; the four
all-through schools form their own phase and get 3 peers each, saying so.
"""

import hashlib
import json

import pandas as pd

from frontline_stats.compare.peers import PEER_GROUP_COLUMNS
from frontline_stats.compare.similar_schools import (
    CANDIDATES,
    DFE_CHARACTERISTICS,
    KEEP,
    similar_schools,
)

SIGNIFICANT_FIGURES = 12
REGION_NOTE = "South East: every school shipped is in it"


def _round_significant(value: float) -> float:
    return float(f"{value:.{SIGNIFICANT_FIGURES}g}") if pd.notna(value) else value


def model(dbt, session):
    dbt.config(materialized="table")
    schools = dbt.ref("int_education__school_characteristics").df()
    for c in DFE_CHARACTERISTICS:
        schools[c.name] = schools[c.name].astype(float).map(_round_significant)
    peers = similar_schools(schools, region_note=REGION_NOTE)

    ks2_years = ", ".join(sorted(schools["ks2_year"].dropna().unique()))
    config = [[(c.name, c.weight) for c in DFE_CHARACTERISTICS], CANDIDATES, KEEP, ks2_years]
    digest = hashlib.sha256(json.dumps(config).encode()).hexdigest()[:12]
    peers = peers.assign(
        peer_set_id="dfe_similar_schools:school_primary",
        peer_set_type="dfe_similar_schools",
        peer_set_version=f"ks2 {ks2_years} + gias 2021-05-07; {digest}",
        organisation_type="school_primary",
        source=(
            "DfE similar schools method (FBIT) within GIAS phase: pupils (TOTPUPS) and % SEN "
            f"(PSENELEK) from the KS2 performance tables {ks2_years}, % FSM from GIAS "
            "PercentageFSM (7 May 2021); missing values filled with the phase median; "
            "weights 0.5 / 0.4 / 0.1; "
            f"{CANDIDATES} nearest, same region preferred, {KEEP} kept"
        ),
    )
    peers["peer_rank"] = peers["peer_rank"].astype("int64")
    peers["distance"] = peers["distance"].astype(float).round(SIGNIFICANT_FIGURES)
    return peers[PEER_GROUP_COLUMNS].sort_values(["organisation_code", "peer_rank"])
