"""The police report card: per force and year-ending quarter, crime and resources against the
force's most similar forces and England and Wales, with a plain-English summary (never a bare
rank). The logic is frontline_stats/report_card.py; this model hands it the positions and the
period dimension.
"""

from frontline_stats.report_card import report_card


def model(dbt, session):
    dbt.config(materialized="table")
    positions = dbt.ref("int_comparison__positions").df()
    periods = dbt.ref("dim_period").df()
    return report_card(positions, periods)
