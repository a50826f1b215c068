"""The NHS cost index per trust and financial year, from the trust-level cost schedules.

NHS England's National Cost Collection Index method (frontline_stats/compare/cost_index.py):
national average unit cost per service and currency over the trusts loaded, expected cost =
the trust's activity at those prices, index = 100 x actual / expected. Empty when no
trust-level schedule is loaded. Lineage: the trust's first file and row; is_synthetic when any
of its rows came from a generated file.
"""

from frontline_stats.compare.cost_index import PROVIDER, cost_index

PERIOD = ["financial_year", "period_key"]


def model(dbt, session):
    dbt.config(materialized="table")
    costs = dbt.ref("stg_nhse__ncc_trust_schedules").df()
    index = cost_index(costs, period=PERIOD)
    ordered = costs.sort_values([*PERIOD, PROVIDER, "source_file", "source_row_number"])
    lineage = (
        ordered.groupby([*PERIOD, PROVIDER], sort=True)
        .agg(
            is_synthetic=("is_synthetic", "any"),
            source_file=("source_file", "first"),
            source_row_number=("source_row_number", "first"),
        )
        .reset_index()
    )
    result = index.merge(lineage, on=[*PERIOD, PROVIDER], how="left")
    return result.astype({"is_synthetic": "bool", "source_row_number": "int64"})
