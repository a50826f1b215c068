"""Every indicator value after statistical disclosure control, as it will be published.

Reads int_indicators__values_before_disclosure and applies each indicator's registry rule
(dim_indicator: disclosure_threshold, disclosure_rounding_base, disclosure_symbol).
"""


def model(dbt, session):
    dbt.config(materialized="table")
    return dbt.ref("int_indicators__values_before_disclosure")
