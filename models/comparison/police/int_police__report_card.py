"""The police report card: per force and year-ending quarter, crime and resources against the
force's most similar forces and England and Wales, with a plain-English summary (never a bare
rank). The logic is frontline_stats/report_card.py; this model hands it the positions, the
period dimension and each force's whole crime-rate series (fct_indicator_value, which also holds
the quarters before the rates can be compared) for the direction of travel over 1, 3 and 5 years.
"""

from frontline_stats.report_card import (
    CRIME_RATE,
    ORGANISATION_TYPE,
    PEER_SET_TYPE,
    report_card,
)


def model(dbt, session):
    dbt.config(materialized="table")
    # only the forces' nearest-neighbour rows leave DuckDB: the engine's table is 100x larger
    positions = (
        dbt.ref("int_comparison__positions")
        .filter(f"organisation_type = '{ORGANISATION_TYPE}' and peer_set_type = '{PEER_SET_TYPE}'")
        .df()
    )
    periods = dbt.ref("dim_period").df()
    # a ref on a line of its own: dbt finds a Python model's refs by reading its code
    values = dbt.ref("fct_indicator_value")
    rates = (
        values.filter(f"indicator_code = '{CRIME_RATE}' and geography_code is not null")
        .df()[["geography_code", "period_key", "value"]]
        .rename(columns={"geography_code": "organisation_code"})
        .merge(periods[["period_key", "period_end"]], on="period_key")
    )
    return report_card(positions, periods, rates)
