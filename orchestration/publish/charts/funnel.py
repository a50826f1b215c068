"""The funnel plot (Spiegelhalter) of one chart, drawn from the limits the engine published.

x is ``funnel_x`` (the denominator n for a proportion, the expected count E for a ratio), y is
``funnel_y`` (the proportion, or the ratio O/E). Nothing here computes a limit of its own:

- the y-axis reaches the engine's published 99.8% limits where the data start (the
  ``funnel_lower_998`` / ``funnel_upper_998`` of the organisation with the smallest x);
- the target line and the 95% and 99.8% limit curves over the whole x range come from the
  engine's own ``frontline_stats.compare.funnel.funnel_limits``, given the published
  ``funnel_target`` and ``funnel_tau2`` (0 when the mart has no such column), so at each
  organisation's x the curves pass through the limits published for it;
- points are coloured by the mart's ``outlier_flag``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from frontline_stats.compare.funnel import Z95, Z998, funnel_limits
from orchestration.publish.charts.marts import FLAGS, Chart, Org
from orchestration.publish.charts.svg import (
    FLAG_ORDER,
    FLAG_TEXT,
    LEFT,
    PLOT_H,
    PLOT_W,
    TOP,
    Scale,
    Svg,
    axes,
    caption,
    flag_classes,
    fmt,
    header,
    legend,
    n,
    nice_ticks,
    org_group,
    peer_note,
    plural,
    tick_label,
    type_words,
    value_line,
)

CURVE_SAMPLES = 120
_RADIUS = {"none": 3.5, "alert": 4.5, "alarm": 5.5}


@dataclass(frozen=True)
class _Words:
    """What the funnel plot says about itself, in its description and caption."""

    tau_note: str
    formula: str
    target_text: str


def funnel_svg(chart: Chart) -> str | None:
    """The funnel plot, or None without a funnel method, a target or a point with x > 0."""
    method, target = chart.funnel_method, chart.target
    if method not in ("proportion", "ratio") or target is None:
        return None
    points = [o for o in chart.orgs if o.x is not None and o.y is not None and o.x > 0]
    if not points:
        return None
    proportion = method == "proportion"
    scale, x_ticks, y_ticks = _funnel_axes(points, target, proportion)
    words = _words(chart, proportion)
    counts = _flag_counts(points)
    svg = Svg(chart, "funnel", _description(chart, points, words, counts, proportion))
    header(
        svg,
        chart,
        f"Funnel plot: {plural(len(points), type_words(chart.organisation_type))}, "
        f"{counts['alarm']} alarm, {counts['alert']} alert",
    )
    svg.add(
        "<defs>",
        f'<clipPath id="fl-plot"><rect x="{LEFT}" y="{TOP}" width="{PLOT_W}" '
        f'height="{PLOT_H}"/></clipPath>',
        "</defs>",
    )
    axes(
        svg,
        x_ticks,
        y_ticks,
        "Denominator (n)" if proportion else "Expected count (E)",
        f"{chart.indicator_name} ({'proportion' if proportion else 'observed / expected'})",
    )
    _limit_curves(svg, chart, scale)
    _points(svg, chart, points, scale, proportion)
    legend(
        svg,
        [
            ("line", "target", f"Target ({words.target_text})"),
            ("line", "limit95", "95% limits"),
            ("line", "limit998", "99.8% limits"),
            ("dot", "key", "Within 95% limits"),
            ("dot", "key alert", "Alert: outside 95%"),
            ("dot", "key alarm", "Alarm: outside 99.8%"),
        ],
    )
    caption(
        svg,
        [
            f"Funnel limits 95% and 99.8% (Spiegelhalter), {words.tau_note}.",
            f"{'Proportion' if proportion else 'Ratio O/E (log method)'}: limits {words.formula}; "
            "points coloured by the comparison mart's outlier flag.",
            peer_note(chart),
        ],
    )
    return svg.close()


def _funnel_axes(
    points: list[Org], target: float, proportion: bool
) -> tuple[Scale, list[tuple[float, str]], list[tuple[float, str]]]:
    """x from 0; y around the points and the target, reaching the published 99.8% limits where
    the data start (within 60% of the data's span beyond it)."""
    x_max = max(o.x for o in points)
    _, x_end, x_step, x_ticks = nice_ticks(0.0, x_max * 1.03)
    ys = [o.y for o in points] + [target]
    data_lo, data_hi = min(ys), max(ys)
    span = (data_hi - data_lo) or (abs(target) * 0.2 or 0.1)
    first = min(points, key=lambda o: o.x)  # limits are widest where x is smallest
    lo = data_lo if first.lower_998 is None else min(data_lo, first.lower_998)
    hi = data_hi if first.upper_998 is None else max(data_hi, first.upper_998)
    lo, hi = max(lo, data_lo - span * 0.6), min(hi, data_hi + span * 0.6)
    lo = max(lo, 0.0)
    if proportion:
        hi = min(hi, 1.0)
    y_start, y_end, y_step, y_ticks = nice_ticks(lo, hi)
    scale = Scale(y_start=y_start, y_end=y_end, x_end=x_end)
    return (
        scale,
        [(scale.px(t), tick_label(t, x_step)) for t in x_ticks],
        [(scale.py(t), tick_label(t, y_step, proportion)) for t in y_ticks],
    )


def _words(chart: Chart, proportion: bool) -> _Words:
    tau2 = chart.tau2 or 0.0
    if not chart.tau2_known:
        tau_note = "not adjusted for overdispersion (\u03c4\u00b2 = 0: no funnel_tau2 in the mart)"
    elif tau2 > 0:
        tau_note = f"overdispersion-adjusted (\u03c4\u00b2 = {fmt(tau2)}, from funnel_tau2)"
    else:
        tau_note = "no overdispersion found (\u03c4\u00b2 = 0, from funnel_tau2)"
    formula = (
        "sin\u00b2(\u03b8 \u00b1 z\u221a(1/(4n) + \u03c4\u00b2)), \u03b8 = asin(\u221atarget)"
        if proportion
        else "target \u00d7 exp(\u00b1 z\u221a(1/E + \u03c4\u00b2))"
    )
    assert chart.target is not None
    target_text = tick_label(chart.target, 0.0001, True) if proportion else fmt(chart.target)
    return _Words(tau_note=tau_note, formula=formula, target_text=target_text)


def _description(
    chart: Chart, points: list[Org], words: _Words, counts: dict[str, int], proportion: bool
) -> str:
    return (
        f"Funnel plot of {chart.indicator_name} for {chart.period_label}: "
        f"{plural(len(points), type_words(chart.organisation_type))}; x is the "
        f"{'denominator' if proportion else 'expected count'}, y the "
        f"{'proportion' if proportion else 'ratio of observed to expected'}. Target "
        f"{words.target_text}; 95% (z = {Z95}) and 99.8% (z = {Z998}) limits {words.formula}, "
        f"{words.tau_note}. "
        f"{counts['alarm']} alarm (outside 99.8%), {counts['alert']} alert (outside 95%). "
        f"{peer_note(chart)}"
    )


def _limit_curves(svg: Svg, chart: Chart, scale: Scale) -> None:
    """The target line and the engine's limits, sampled densely where the funnel is narrow
    (x = x_end * (i / 120)^2) and clipped to the plot area."""
    assert chart.funnel_method is not None and chart.target is not None
    target = chart.target
    svg.add('<g clip-path="url(#fl-plot)">')
    svg.add(
        f'<path class="target" d="M{n(scale.px(0))} {n(scale.py(target))}'
        f'H{n(scale.px(scale.x_end))}"/>'
    )
    xs = [scale.x_end * (i / CURVE_SAMPLES) ** 2 for i in range(1, CURVE_SAMPLES + 1)]
    for cls, z in (("limit95", Z95), ("limit998", Z998)):
        limits = funnel_limits(chart.funnel_method, xs, target, tau2=chart.tau2 or 0.0, z=z)
        for curve in (limits.upper, limits.lower):
            coords = []
            for x, limit in zip(xs, curve.tolist(), strict=True):
                y = scale.py(limit)
                coords.append(f"{n(scale.px(x))} {n(min(max(y, TOP - 40), TOP + PLOT_H + 40))}")
            svg.add(f'<path class="{cls}" d="M{"L".join(coords)}"/>')
    svg.add("</g>")


def _points(svg: Svg, chart: Chart, points: list[Org], scale: Scale, proportion: bool) -> None:
    """The organisations: within limits first, then alerts, then alarms on top."""
    svg.add('<g class="orgs">')
    for org in sorted(points, key=lambda o: (FLAG_ORDER[o.flag], o.code)):
        assert org.x is not None and org.y is not None
        tooltip = [
            f"{org.name} ({org.code})",
            value_line(chart, org),
            (
                f"{'Proportion' if proportion else 'Ratio O/E'}: "
                f"{tick_label(org.y, 0.001, True) if proportion else fmt(org.y)} "
                f"at {'n' if proportion else 'E'} = {fmt(org.x)}"
            ),
            f"Outlier flag: {FLAG_TEXT[org.flag]}",
        ]
        shape = (
            f'<circle cx="{n(scale.px(org.x))}" cy="{n(scale.py(org.y))}" r="{_RADIUS[org.flag]}"/>'
        )
        svg.add(org_group(org, flag_classes(org), tooltip, shape))
    svg.add("</g>")


def _flag_counts(orgs: Iterable[Org]) -> dict[str, int]:
    counts = dict.fromkeys(FLAGS, 0)
    for org in orgs:
        counts[org.flag] += 1
    return counts
