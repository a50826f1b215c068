"""Inspection-style grades before and after the value-for-money rule, per rule and organisation.

The method is frontline_stats/levers/vfm_rating.py; the rules are the seed vfm_rating_rules. The
grade band is the comparison engine's (LAIT quartile band over all organisations of the type);
the VfM band is computed there, as spend measures have no polarity in the registry.
"""

from frontline_stats.levers.vfm_rating import VALUE_COLUMNS, vfm_ratings


def model(dbt, session):
    dbt.config(materialized="table")
    rules = dbt.ref("vfm_rating_rules").df()
    codes = sorted(set(rules["grade_indicator_code"]) | set(rules["vfm_indicator_code"]))
    quoted = ", ".join("'" + code.replace("'", "''") + "'" for code in codes) or "null"
    values = (
        dbt.ref("int_comparison__positions")
        .filter(f"indicator_code in ({quoted})")
        .project(", ".join(VALUE_COLUMNS))
        .distinct()
        .df()
        .drop_duplicates(["organisation_type", "organisation_code", "indicator_code", "period_key"])
    )
    periods = dbt.ref("dim_period").project("period_key, period_end").df()
    return vfm_ratings(rules, values, periods)
