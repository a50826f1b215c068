"""Unit costs per service, currency and financial year across the trusts loaded: providers,
activity, total cost, national average unit cost and the 25th, 50th and 75th percentiles and
interquartile range of the providers' unit costs (frontline_stats/compare/cost_index.py; quantile
definition Hyndman-Fan 7). Empty when no trust-level schedule is loaded.
"""

from frontline_stats.compare.cost_index import CURRENCY, unit_cost_spread

PERIOD = ["financial_year", "period_key"]


def model(dbt, session):
    dbt.config(materialized="table")
    costs = dbt.ref("stg_nhse__ncc_trust_schedules").df()
    spread = unit_cost_spread(costs, period=PERIOD)
    keys = [*PERIOD, *CURRENCY]
    labels = (
        costs.groupby(keys, sort=True)
        .agg(
            currency_description=("currency_description", "max"),
            is_synthetic=("is_synthetic", "any"),
        )
        .reset_index()
    )
    result = spread.merge(labels, on=keys, how="left")
    return result.astype({"is_synthetic": "bool"})
