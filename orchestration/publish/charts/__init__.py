"""Charts for a release: a funnel plot and a ski slope per indicator x period, as SVG files.

``write_charts(con, folder)`` reads ``marts.rpt_indicator_comparison`` (and, for the peer lists,
``marts.rpt_peer_groups``) through ``con`` and writes, for every indicator x period:

- ``charts/<indicator_code>/<period_key>/funnel.svg``: the funnel plot (Spiegelhalter), drawn
  from the limits the comparison engine published: the target and overdispersion of the mart
  (``funnel_target``, ``funnel_tau2``), its 99.8% limits for the y-axis, and limit curves from
  the engine's own function (``frontline_stats.compare.funnel.funnel_limits``), so the funnel
  formulas exist once. Points are coloured by the mart's ``outlier_flag``. Not written when the
  indicator has no ``funnel_method``.
- ``charts/<indicator_code>/<period_key>/ski_slope.svg``: one bar per organisation with a value,
  sorted best first by polarity (highest first when the polarity is null), with the national
  value as a line.

Each file is self-contained (no external reference, generic font families, an inline ``<style>``
that also prints), deterministic (the same rows give the same bytes) and serves every
organisation: each organisation is a ``<g id="<organisation_code>" class="org">`` with a
``<title>`` tooltip and, in ``data-peers``, its peers in one default peer set (the
``nearest_neighbours`` set if the indicator has one, else the first by ``peer_set_id``). Opened as
``funnel.svg#E23000013``, a small inline script highlights that organisation and outlines its
peers; without the script or the fragment the chart is neutral (a browser that applies
``:target`` without the script still marks the organisation itself).

One module per part: ``marts`` (reading the marts into charts), ``svg`` (the canvas, axes,
legend, numbers and words), ``funnel`` and ``ski_slope`` (the two charts), ``writer`` (the files
and their listing).
"""

from orchestration.publish.attachment import Attachment
from orchestration.publish.charts.writer import CHARTS_DIR, write_charts

# the charts as a release attachment (listed in the manifest under "charts")
CHARTS = Attachment("charts", write_charts)

__all__ = ["CHARTS", "CHARTS_DIR", "write_charts"]
