"""Every comparable value set against its peers: the comparison engine over the registry.

The statistics are frontline_stats/compare/engine.py (national rank, percentile, quartile band,
z-score, MADs from the median, funnel limits with overdispersion, shrunk estimate, direction of
travel, and per peer set the median, means and rank). This model only feeds it and stores it.
"""

from frontline_stats.compare.engine import compare


def model(dbt, session):
    dbt.config(materialized="table")
    values = dbt.ref("int_comparison__indicator_values").df()
    peer_groups = dbt.ref("int_peer_groups__all").df()
    return compare(values, peer_groups)
