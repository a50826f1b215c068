"""Frontline's statistics: the methods, with no pipeline in them.

Pure Python, numpy and pandas, called by the thin dbt Python models (models/**/*.py), by the
blocking disclosure check and by the release charts. It imports nothing from ``orchestration``,
Dagster or dbt (tests/python/project/test_import_boundaries.py fails if it does), so each
method can be read, tested and reused on its own.

- ``compare``: the comparison engine: peers, positions, quartile bands, funnel plots (the one
  home of the funnel formulas), trends, the NHS cost index, prison ratings, similar schools,
  value for money and the plain-English comparison sentences.
- ``disclosure``: statistical disclosure control (suppression, rounding, audit).
- ``levers``: the plan's levers (VfM ratings, mentoring pairs, organisation centroids).
- ``report_card``: the police report card (the table and its sentences).
"""
