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

import numpy as np
import pandas as pd

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

    Candidates are found by joins, not a loop per mentee: sixteen years of quarterly police
    figures give tens of thousands of mentees. Rows come in peer set, indicator, period and
    mentee code order.
    """
    located = centroids.drop_duplicates("organisation_code").set_index("organisation_code")
    rows = [
        row
        for config in peer_sets.itertuples()
        for row in _pairs_for_set(positions, peer_groups, config, located)
    ]
    return pd.DataFrame(rows, columns=PAIR_COLUMNS)


def _pairs_for_set(positions, peer_groups, config, located) -> list[list]:
    of_type = positions[
        (positions["organisation_type"] == config.organisation_type) & positions["polarity"].notna()
    ]
    mentees = of_type[of_type["quartile_band"] == MENTEE_BAND]
    mentees = mentees.sort_values(["indicator_code", "period_key", "organisation_code"])
    mentees = mentees.reset_index(drop=True).rename(columns={"organisation_code": "mentee_code"})
    if mentees.empty:
        return []
    mentees["mentee_id"] = range(len(mentees))
    peers = peer_groups.loc[
        peer_groups["peer_set_id"] == config.peer_set_id,
        ["organisation_code", "peer_code", "peer_rank", "distance"],
    ].rename(columns={"organisation_code": "mentee_code"})
    top = of_type.loc[
        of_type["quartile_band"] == MENTOR_BAND,
        ["indicator_code", "period_key", "organisation_code", "organisation_name", "value"]
        + ["quartile_band", "national_rank"],
    ].rename(columns=lambda c: c if c in ("indicator_code", "period_key") else f"mentor_{c}")
    limit = _number(config.max_distance_km)

    candidates = mentees[["mentee_id", "mentee_code", "indicator_code", "period_key"]].merge(
        peers, on="mentee_code"
    )
    candidates = candidates[candidates["peer_code"] != candidates["mentee_code"]]
    candidates = candidates.merge(
        top,
        left_on=["indicator_code", "period_key", "peer_code"],
        right_on=["indicator_code", "period_key", "mentor_organisation_code"],
    )
    candidates["km"] = _distances_km(located, candidates["mentee_code"], candidates["peer_code"])
    beyond = candidates["km"] > limit if limit is not None else False
    # within the limit (or unknown) first, then nearest by peer distance or rank, km, code
    candidates["beyond"] = beyond
    candidates["nearness"] = candidates["distance"].fillna(candidates["peer_rank"])
    candidates = candidates.sort_values(
        ["mentee_id", "beyond", "nearness", "km", "peer_code"], na_position="last"
    )
    counts = candidates.groupby("mentee_id").size()
    best = candidates.drop_duplicates("mentee_id").set_index("mentee_id")

    has_peers = mentees["mentee_code"].isin(peers["mentee_code"])
    peer_counts = peers.groupby("mentee_code").size()
    return [
        _row(mentee, config.peer_set_id, limit, located, best, counts, has_peers, peer_counts)
        for mentee in mentees.itertuples()
    ]


def _row(mentee, peer_set_id, limit, located, best, counts, has_peers, peer_counts) -> list:
    head = [
        mentee.organisation_type,
        mentee.indicator_code,
        mentee.period_key,
        mentee.polarity,
        peer_set_id,
        mentee.mentee_code,
        mentee.organisation_name,
        mentee.value,
        mentee.quartile_band,
        mentee.national_rank,
    ]
    mentee_basis = _basis(located, mentee.mentee_code)
    if mentee.mentee_id not in best.index:
        reason = (
            f"no mentor: none of its {peer_counts[mentee.mentee_code]} peers in {peer_set_id} "
            f"is in band {MENTOR_BAND} for this indicator and period"
            if has_peers[mentee.mentee_id]
            else f"no mentor: not in peer set {peer_set_id}"
        )
        no_mentor = [None] * 5 + [0, None, None, None, limit, None]
        return head + no_mentor + [mentee_basis, None, mentee.national_value, reason]
    mentor = best.loc[mentee.mentee_id]
    how_many = int(counts[mentee.mentee_id])
    distance, rank, km = (_number(mentor[c]) for c in ("distance", "peer_rank", "km"))
    within = None if limit is None or km is None else km <= limit
    among = f"{how_many} band {MENTOR_BAND} peer" + ("s" if how_many > 1 else "")
    reason = (
        f"nearest of {among} in {peer_set_id} ({_ordered_by(distance, rank, km)}); "
        f"{_compare(mentee, mentor)}"
    )
    if within is False:
        reason += f"; no band {MENTOR_BAND} peer within {limit:g} km"
    return head + [
        mentor["peer_code"],
        mentor["mentor_organisation_name"],
        mentor["mentor_value"],
        mentor["mentor_quartile_band"],
        mentor["mentor_national_rank"],
        how_many,
        distance,
        None if rank is None else int(rank),
        km,
        limit,
        within,
        mentee_basis,
        _basis(located, mentor["peer_code"]),
        mentee.national_value,
        reason,
    ]


def _distances_km(located: pd.DataFrame, codes_a: pd.Series, codes_b: pd.Series) -> pd.Series:
    """Centroid-to-centroid km for each pair of codes (NaN where either centroid is unknown)."""
    a = located.reindex(codes_a)[["centroid_e", "centroid_n"]].to_numpy(dtype=float)
    b = located.reindex(codes_b)[["centroid_e", "centroid_n"]].to_numpy(dtype=float)
    return pd.Series(np.hypot(a[:, 0] - b[:, 0], a[:, 1] - b[:, 1]) / 1000.0, index=codes_a.index)


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
        f"{mentor['mentor_value']:g} (rank {mentor['mentor_national_rank']}) against "
        f"{mentee.value:g} (rank {mentee.national_rank})"
    )


def _basis(located, code) -> str | None:
    return located.at[code, "centroid_basis"] if code in located.index else None


def _number(value) -> float | None:
    if value is None or pd.isna(value):
        return None
    return float(value)
