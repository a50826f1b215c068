"""Every indicator value after statistical disclosure control, as it will be published.

Reads int_indicators__values_before_disclosure and applies each indicator's registry rule
(dim_indicator: disclosure_threshold, disclosure_rounding_base, disclosure_symbol) with
frontline_stats/disclosure: per indicator and period, primary suppression of counts below the
threshold, secondary suppression along the rows (denominator = numerator + complement for
proportions) and the hierarchy (organisation -> its area via dim_organisation, area -> parent area
via dim_geography), then rounding. Rows of indicators without a rule are not touched: they pass
through as the same relation, so their output is identical to the input.
"""

from frontline_stats.disclosure.hierarchy import Hierarchy
from frontline_stats.disclosure.indicator_rows import Registry, disclose_rows
from frontline_stats.disclosure.layout import INDICATOR_VALUE_LAYOUT


def _quoted(text):
    return "'" + str(text).replace("'", "''") + "'"


def model(dbt, session):
    dbt.config(materialized="table")
    values = dbt.ref("int_indicators__values_before_disclosure")
    registry = Registry.from_frame(dbt.ref("dim_indicator").df())
    if not registry.rules:
        return values
    ruled = "indicator_code in (" + ", ".join(map(_quoted, sorted(registry.rules))) + ")"
    hierarchy = Hierarchy.from_frames(
        dbt.ref("dim_geography").df(), dbt.ref("dim_organisation").df()
    )
    disclosed = disclose_rows(
        values.filter(ruled).df(), INDICATOR_VALUE_LAYOUT, registry, hierarchy
    )
    # back to the input's column types (pandas turns an integer column with nulls into float)
    casts = ", ".join(
        f'cast("{name}" as {dtype}) as "{name}"'
        for name, dtype in zip(values.columns, values.types, strict=True)
    )
    published = session.from_df(disclosed).project(casts)
    return values.filter(f"not ({ruled}) or indicator_code is null").union(published)
