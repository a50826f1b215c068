"""Best performers mentor the poorest: a top-band peer for every bottom-band organisation.

For one peer set of an organisation type (seed mentoring_peer_sets), every indicator with a
polarity and every period: each organisation in quartile band D (the LAIT band over all
organisations of the type, from the comparison engine) is a mentee. Its candidates are its own
peers in that set (the set's list is read from the mentee's side; lists are not reciprocal) in
band A for the same indicator and period. The mentor is the nearest candidate:

1. within max_distance_km of the mentee (centroid to centroid) when the set has a limit and the
   distance is known, as DfE only flags a better-performing similar school within 75 miles; a
   candidate farther away is chosen only when none is within, and is flagged;
2. then smallest peer distance (computed sets), else smallest peer rank (ranked published sets);
3. then smallest geographic distance; then organisation code, so the choice is reproducible
   (for an unranked set without centroids, such as NHS type 1 trusts, the code alone decides,
   and the reason says so).

A mentee with no candidate keeps its row with the mentor empty and the reason.
"""

import math

import pandas as pd

from frontline_stats.levers.centroids import distance_km

POSITION_COLUMNS = [
    "organisation_type",
    "organisation_code",
    "organisation_name",
    "indicator_code",
    "period_key",
    "polarity",
    "value",
    "quartile_band",
    "national_rank",
    "national_value",
]

PAIR_COLUMNS = [
    "organisation_type",
    "indicator_code",
    "period_key",
    "polarity",
    "peer_set_id",
    "mentee_code",
    "mentee_name",
    "mentee_value",
    "mentee_band",
    "mentee_national_rank",
    "mentor_code",
    "mentor_name",
    "mentor_value",
    "mentor_band",
    "mentor_national_rank",
    "top_band_peers",
    "peer_distance",
    "peer_rank",
    "geographic_distance_km",
    "max_distance_km",
    "within_max_distance",
    "mentee_centroid_basis",
    "mentor_centroid_basis",
    "national_value",
    "reason",
]

MENTEE_BAND = "D"
MENTOR_BAND = "A"


def mentoring_pairs(
    positions: pd.DataFrame,
    peer_groups: pd.DataFrame,
    peer_sets: pd.DataFrame,
    centroids: pd.DataFrame,
) -> pd.DataFrame:
    """One row per mentee x indicator x period x configured peer set (PAIR_COLUMNS).

    positions: POSITION_COLUMNS, one row per organisation x indicator x period (band over all of
    the type). peer_groups: peer_set_id, organisation_code, peer_code, peer_rank, distance.
    peer_sets: organisation_type, peer_set_id, max_distance_km. centroids: organisation_code,
    centroid_e, centroid_n, centroid_basis.
    """
    located = centroids.set_index("organisation_code")
    rows: list[list] = []
    for config in peer_sets.itertuples():
        of_type = positions[
            (positions["organisation_type"] == config.organisation_type)
            & positions["polarity"].notna()
        ]
        peers = peer_groups[peer_groups["peer_set_id"] == config.peer_set_id]
        peers_of = {code: group for code, group in peers.groupby("organisation_code")}
        limit = _number(config.max_distance_km)
        for _, group in of_type.groupby(["indicator_code", "period_key"]):
            top = group[group["quartile_band"] == MENTOR_BAND].set_index("organisation_code")
            for mentee in group[group["quartile_band"] == MENTEE_BAND].itertuples():
                rows.append(_pair(mentee, config.peer_set_id, limit, peers_of, top, located))
    return pd.DataFrame(rows, columns=PAIR_COLUMNS)


def _pair(mentee, peer_set_id, limit, peers_of, top, located) -> list:
    mentee_basis = _basis(located, mentee.organisation_code)
    own_peers = peers_of.get(mentee.organisation_code)
    candidates = [] if own_peers is None else _candidates(mentee, own_peers, top, located, limit)
    head = [
        mentee.organisation_type,
        mentee.indicator_code,
        mentee.period_key,
        mentee.polarity,
        peer_set_id,
        mentee.organisation_code,
        mentee.organisation_name,
        mentee.value,
        mentee.quartile_band,
        mentee.national_rank,
    ]
    if not candidates:
        reason = (
            f"no mentor: not in peer set {peer_set_id}"
            if own_peers is None
            else f"no mentor: none of its {len(own_peers)} peers in {peer_set_id} is in band "
            f"{MENTOR_BAND} for this indicator and period"
        )
        no_mentor = [None] * 5 + [0, None, None, None, limit, None]
        return head + no_mentor + [mentee_basis, None, mentee.national_value, reason]
    best = min(candidates, key=lambda c: c["sort_key"])
    mentor = top.loc[best["code"]]
    within = best["within"]
    among = f"{len(candidates)} band {MENTOR_BAND} peer" + ("s" if len(candidates) > 1 else "")
    reason = (
        f"nearest of {among} in {peer_set_id} ({best['ordered_by']}); {_compare(mentee, mentor)}"
    )
    if within is False:
        reason += f"; no band {MENTOR_BAND} peer within {limit:g} km"
    return head + [
        best["code"],
        mentor["organisation_name"],
        mentor["value"],
        mentor["quartile_band"],
        mentor["national_rank"],
        len(candidates),
        best["distance"],
        best["rank"],
        best["km"],
        limit,
        within,
        mentee_basis,
        _basis(located, best["code"]),
        mentee.national_value,
        reason,
    ]


def _candidates(mentee, own_peers, top, located, limit) -> list[dict]:
    candidates = []
    for peer in own_peers.itertuples():
        if peer.peer_code not in top.index or peer.peer_code == mentee.organisation_code:
            continue
        km = _km(located, mentee.organisation_code, peer.peer_code)
        within = None if limit is None or km is None else km <= limit
        distance, rank = _number(peer.distance), _number(peer.peer_rank)
        nearness = distance if distance is not None else rank
        candidates.append(
            {
                "code": peer.peer_code,
                "distance": distance,
                "rank": None if rank is None else int(rank),
                "km": km,
                "within": within,
                "ordered_by": _ordered_by(distance, rank, km),
                # False sorts before True: within the limit (or unknown) first, then nearest
                "sort_key": (
                    within is False,
                    math.inf if nearness is None else nearness,
                    math.inf if km is None else km,
                    peer.peer_code,
                ),
            }
        )
    return candidates


def _ordered_by(distance, rank, km) -> str:
    if distance is not None:
        return "peer distance"
    if rank is not None:
        return "peer rank"
    if km is not None:
        return "geographic distance"
    return "organisation code: the set has no distances or ranks and there are no centroids"


def _compare(mentee, mentor) -> str:
    return (
        f"{mentor['value']:g} (rank {mentor['national_rank']}) against "
        f"{mentee.value:g} (rank {mentee.national_rank})"
    )


def _km(located, code_a, code_b) -> float | None:
    if code_a not in located.index or code_b not in located.index:
        return None
    a, b = located.loc[code_a], located.loc[code_b]
    return distance_km(a["centroid_e"], a["centroid_n"], b["centroid_e"], b["centroid_n"])


def _basis(located, code) -> str | None:
    return located.at[code, "centroid_basis"] if code in located.index else None


def _number(value) -> float | None:
    if value is None or pd.isna(value):
        return None
    return float(value)
