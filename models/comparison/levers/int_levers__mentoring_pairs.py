"""Each bottom-band organisation paired with its nearest top-band peer, every indicator and period.

The method is frontline_stats/levers/mentoring.py; the peer set per organisation type and the
distance limit are the seed mentoring_peer_sets. Bands and ranks are the comparison engine's
(LAIT quartile bands over all organisations of the type), read once per organisation.
"""

from frontline_stats.levers.mentoring import POSITION_COLUMNS, mentoring_pairs


def model(dbt, session):
    dbt.config(materialized="table")
    positions = (
        dbt.ref("int_comparison__positions")
        .filter("polarity is not null and quartile_band in ('A', 'D')")
        .project(", ".join(POSITION_COLUMNS))
        .distinct()
        .df()
        .drop_duplicates(["organisation_type", "organisation_code", "indicator_code", "period_key"])
    )
    peer_groups = (
        dbt.ref("int_peer_groups__all")
        .project("peer_set_id, organisation_code, peer_code, peer_rank, distance")
        .df()
    )
    peer_sets = dbt.ref("mentoring_peer_sets").df()
    centroids = dbt.ref("int_levers__organisation_centroids").df()
    return mentoring_pairs(positions, peer_groups, peer_sets, centroids)
