"""Comparison statistics for Frontline: peers, positions, funnel plots, trends and sentences.

numpy and pandas (no scipy at runtime), so dbt-duckdb Python models can call these on pandas
DataFrames; the engine's listed peer sets are one DuckDB query (``listed_peer_sets``). Each
module implements one method described in docs/methods/comparisons.md:

- ``peers``: CIPFA-style nearest neighbours (standardised, family-summed Euclidean distance).
- ``positions``: ranks, percentile ranks, DfE LAIT-style quartile bands A-D, z-scores, Oflog MADs.
- ``funnel``: Spiegelhalter funnel-plot limits (``funnel_limits``, the one implementation of the
  formulas, which the release charts draw too), overdispersion, outlier flags, shrinkage.
- ``chi2``: chi-square quantiles (regularised incomplete gamma) for exact Poisson limits.
- ``trends``: direction of travel.
- ``grouped_positions``, ``grouped_funnels``, ``all_organisations``, ``listed_peer_sets``: the
  engine's many-groups-at-once forms of the above (``engine`` calls them; the tests check them
  group by group against the one-group functions).
- ``summary``: Oflog-style plain-English comparison sentences.
"""

from frontline_stats.compare.funnel import (
    Z95,
    Z998,
    exact_poisson_ratio_limits,
    expected_counts,
    funnel_frame,
    funnel_limits,
    outlier_flag,
    overdispersion_tau2,
    proportion_limits,
    ratio_limits,
    shrunk_estimate,
)
from frontline_stats.compare.peers import VariableSpec, distance_matrix, nearest_neighbours
from frontline_stats.compare.positions import (
    mads_from_median,
    percentile_rank,
    position_frame,
    quartile_band,
    rank_min,
    z_score,
)
from frontline_stats.compare.summary import comparison_sentence
from frontline_stats.compare.trends import direction_of_travel, directions_of_travel

__all__ = [
    "Z95",
    "Z998",
    "VariableSpec",
    "comparison_sentence",
    "direction_of_travel",
    "directions_of_travel",
    "distance_matrix",
    "exact_poisson_ratio_limits",
    "expected_counts",
    "funnel_frame",
    "funnel_limits",
    "mads_from_median",
    "nearest_neighbours",
    "outlier_flag",
    "overdispersion_tau2",
    "percentile_rank",
    "position_frame",
    "proportion_limits",
    "quartile_band",
    "rank_min",
    "ratio_limits",
    "shrunk_estimate",
    "z_score",
]
