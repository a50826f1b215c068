"""Charts for a release: a funnel plot and a ski slope per indicator x period, as SVG files.

``write_charts(con, folder)`` reads ``marts.rpt_indicator_comparison`` (and, for the peer lists,
``marts.rpt_peer_groups``; for units, rounding and sources, ``marts.dim_indicator``) through
``con`` and writes, for every indicator x period:

- ``charts/<indicator_code>/<period_key>/funnel.svg``: the funnel plot (Spiegelhalter), drawn
  from the limits the comparison engine published: the target and overdispersion of the mart
  (``funnel_target``, ``funnel_tau2``), its 99.8% limits for the y-axis, and limit curves from
  the engine's own function (``frontline_stats.compare.funnel.funnel_limits``), so the funnel
  formulas exist once. Marks follow the mart's ``outlier_flag`` by shape and colour. Not written
  when the indicator has no ``funnel_method``.
- ``charts/<indicator_code>/<period_key>/ski_slope.svg``: one bar per organisation with a value,
  sorted best first by polarity (highest first when the polarity is null), with the national
  value as a line.

What a reader gets on every chart: a title and notes wrapped to the canvas (``text``'s width
model of the generic sans-serif font), values in the indicator's unit and rounding (a proportion
as a percentage, ``units``), comparison types in plain English
(``orchestration/publish/words.py``, shared with the site and the EES files), an axis that stops
short of a far-out value and draws it as an arrow at the edge with its value and a note
(``axis_range``), a source line (publisher, dataset, licence, period), and ``role="img"`` with a
``<title>`` and a ``<desc>`` that says what the chart shows.

Each file is self-contained (no external reference, generic font families, an inline ``<style>``
that also prints), deterministic (the same rows give the same bytes) and serves every
organisation: each organisation is a ``<g id="<organisation_code>" class="org">`` with a
``<title>`` tooltip and, in ``data-peers``, its peers in the peer set its page on the site
shows (``orchestration/publish/peer_sets.py``).
Opened as ``funnel.svg#E23000013`` (directly, or in ``<object data="...funnel.svg#E23000013"
type="image/svg+xml">``), the inline script (``highlight``) marks that organisation, outlines its
peers and writes their names beside them; without the script or the fragment the chart is
neutral (an ``<img>`` applies ``:target`` without the script and marks the organisation alone).

Beside them, per police force, ``charts/time_series/<indicator_code>/<force_code>.svg``: the
force's crime rate over every quarter of the series against its most similar forces, their median
and England and Wales (``time_series``, read from the report card).

One module per part: ``marts`` (reading the marts into charts), ``svg`` (the canvas, header,
footer, axes, legend and marks), ``funnel``, ``ski_slope`` and ``time_series`` (the charts),
``writer`` (the files and their listing), and the helpers named above.
"""

from orchestration.publish.attachment import Attachment
from orchestration.publish.charts.writer import CHARTS_DIR, write_charts, write_time_series

# the charts as release attachments (listed in the manifest under "charts" and "trend_charts")
CHARTS = Attachment("charts", write_charts)
TREND_CHARTS = Attachment("trend_charts", write_time_series)

__all__ = ["CHARTS", "CHARTS_DIR", "TREND_CHARTS", "write_charts", "write_time_series"]
