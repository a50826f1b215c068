"""Statistical disclosure control as code (docs/methods/disclosure.md).

Pure numpy/pandas, so the dbt Python model int_indicators__values_disclosed and the blocking
Dagster check share one implementation. One job per module:

- ``rules``: an indicator's DisclosureRule (threshold, rounding base, symbol) from the registry.
- ``table``: cells and linear "total = sum of members" constraints, with builders for a 2-D table
  with margins and for a hierarchy of units (organisation -> area -> parent area).
- ``elimination``: iterated subtraction, the attack every published table must withstand.
- ``suppression``: primary suppression, rounding, and secondary suppression to a fixed point.
- ``audit``: what a published table discloses, one finding per line.
- ``hierarchy``: which row of a published table is the parent total of which.
- ``layout`` / ``indicator_rows``: long tables of indicator values (fct_indicator_value and marts
  like it) turned into tables per indicator and period, protected, written back, or audited.
"""
