"""The funnel plot (Spiegelhalter) of one chart, drawn from the limits the engine published.

x is ``funnel_x`` (the denominator n for a proportion, the expected count E for a ratio), y is
``funnel_y`` (the proportion, shown as a percentage, or the ratio O/E). Nothing here computes a
limit of its own:

- the y-axis reaches the engine's published 99.8% limits where the data start (the
  ``funnel_lower_998`` / ``funnel_upper_998`` of the organisation with the smallest x), within
  60% of the data's span beyond them; the data's span leaves out a value far from the rest
  (``axis_range``), which is drawn as an arrow at the edge with its value and named in a note;
- the target line and the 95% and 99.8% limit curves over the whole x range come from the
  engine's own ``frontline_stats.compare.funnel.funnel_limits``, given the published
  ``funnel_target`` and ``funnel_tau2`` (0 when the mart has no such column), so at each
  organisation's x the curves pass through the limits published for it;
- marks follow the mart's ``outlier_flag``, by shape and colour: a circle within the 95%
  limits, a square for an alert, a diamond for an alarm.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from frontline_stats.compare.funnel import Z95, Z998, funnel_limits
from orchestration.publish.charts.axis_range import robust_span
from orchestration.publish.charts.marts import FLAGS, Chart, Org
from orchestration.publish.charts.svg import (
    FLAG_MARK,
    FLAG_ORDER,
    FLAG_TEXT,
    Frame,
    OffScale,
    Scale,
    Svg,
    axes,
    chart_units,
    flag_classes,
    footer,
    header,
    legend,
    mark,
    n,
    nice_ticks,
    offscale_labels,
    offscale_note,
    org_group,
    peer_note,
    source_line,
    value_line,
)
from orchestration.publish.charts.units import NUMBER, PERCENT_OF_ONE, Units, fmt
from orchestration.publish.words import counted, plural

CURVE_SAMPLES = 120
RATIO = Units(NUMBER, 2, "observed / expected")


@dataclass(frozen=True)
class _Words:
    """What the funnel plot says about itself, in its description and caption."""

    tau_note: str
    formula: str
    target_text: str


@dataclass(frozen=True)
class _Axes:
    scale: Scale
    x_ticks: list[tuple[float, str]]
    y_ticks: list[tuple[float, str]]
    y_units: Units
    y_step: float


def funnel_svg(chart: Chart) -> str | None:
    """The funnel plot, or None without a funnel method, a target or a point with x > 0."""
    method, target = chart.funnel_method, chart.target
    if method not in ("proportion", "ratio") or target is None:
        return None
    points = [o for o in chart.orgs if o.x is not None and o.y is not None and o.x > 0]
    if not points:
        return None
    proportion = method == "proportion"
    y_units = _y_units(chart, proportion)
    words = _words(chart, proportion, y_units)
    counts = _flag_counts(points)
    subtitle = (
        f"Funnel plot: {counted(len(points), chart.comparison_type)}, "
        f"{plural(counts['alarm'], 'alarm')}, {plural(counts['alert'], 'alert')}"
    )
    svg = Svg(chart, "funnel", "")
    frame = header(svg, subtitle)
    drawn = _funnel_axes(frame, points, target, proportion, y_units)
    scale = drawn.scale
    svg.add(
        "<defs>",
        f'<clipPath id="fl-plot"><rect x="{n(frame.left)}" y="{n(frame.top)}" '
        f'width="{n(frame.width)}" height="{n(frame.height)}"/></clipPath>',
        "</defs>",
    )
    axes(
        svg,
        drawn.x_ticks,
        drawn.y_ticks,
        _x_label(chart, proportion),
        y_units.words[:1].upper() + y_units.words[1:],
    )
    _limit_curves(svg, chart, scale)
    offscale = _points(svg, chart, points, drawn, proportion)
    offscale_labels(svg, offscale)
    legend(
        svg,
        [
            ("line", "target", f"Target ({words.target_text})"),
            ("line", "limit95", "95% limits"),
            ("line", "limit998", "99.8% limits"),
            ("circle", "key", "Within 95% limits"),
            ("square", "key alert", "Alert: outside 95%"),
            ("diamond", "key alarm", "Alarm: outside 99.8%"),
        ],
    )
    blocks = [
        ("caption", f"Funnel limits 95% and 99.8% (Spiegelhalter), {words.tau_note}."),
        (
            "caption",
            f"{'Proportion' if proportion else 'Ratio O/E (log method)'}: limits "
            f"{words.formula}. Marks show the comparison mart's outlier flag: circle within the "
            "95% limits, square alert, diamond alarm.",
        ),
    ]
    note = ""
    if offscale:
        note = offscale_note(
            offscale,
            drawn.y_units.tick(scale.y_end, drawn.y_step),
            drawn.y_units.tick(scale.y_start, drawn.y_step),
            f"the other {counted(len(points) - len(offscale), chart.comparison_type)}",
        )
        blocks.append(("note", note))
    blocks += [("caption", peer_note(chart)), ("source", source_line(chart))]
    svg.description = _description(chart, points, words, counts, proportion, note)
    return svg.close(footer(svg, blocks))


def _y_units(chart: Chart, proportion: bool) -> Units:
    """A proportion as a percentage (to the indicator's rounding), a ratio to two decimals."""
    if not proportion:
        return RATIO
    units = chart_units(chart)
    decimals = units.decimals if units.kind == PERCENT_OF_ONE else None
    words = units.words if units.words.startswith("%") else "%"
    return Units(PERCENT_OF_ONE, 1 if decimals is None else decimals, words)


def _x_label(chart: Chart, proportion: bool) -> str:
    if not proportion:
        return "Expected count (E)"
    definition = (chart.denominator_definition or "").strip().rstrip(".")
    if definition and len(definition) <= 120:
        return f"{definition} (n)"
    return "Denominator (n)"


def _funnel_axes(
    frame: Frame, points: list[Org], target: float, proportion: bool, y_units: Units
) -> _Axes:
    """x from 0; y around the points (but a far-out one) and the target, reaching the published
    99.8% limits where the data start (within 60% of the data's span beyond it)."""
    x_max = max(o.x for o in points)
    _, x_end, x_step, x_ticks = nice_ticks(0.0, x_max * 1.03)
    span = robust_span((o.y for o in points), keep=[target])
    data_lo, data_hi = span.lo, span.hi
    width = (data_hi - data_lo) or (abs(target) * 0.2 or 0.1)
    first = min(points, key=lambda o: (o.x, o.code))  # limits are widest where x is smallest
    lo = data_lo if first.lower_998 is None else min(data_lo, first.lower_998)
    hi = data_hi if first.upper_998 is None else max(data_hi, first.upper_998)
    lo, hi = max(lo, data_lo - width * 0.6), min(hi, data_hi + width * 0.6)
    lo = max(lo, 0.0)
    if proportion:
        hi = min(hi, 1.0)
    y_start, y_end, y_step, y_ticks = nice_ticks(lo, hi)
    scale = Scale(frame, y_start=y_start, y_end=y_end, x_end=x_end)
    x_units = Units(NUMBER, None, "")
    return _Axes(
        scale,
        [(scale.px(t), x_units.tick(t, x_step)) for t in x_ticks],
        [(scale.py(t), y_units.tick(t, y_step)) for t in y_ticks],
        y_units,
        y_step,
    )


def _words(chart: Chart, proportion: bool, y_units: Units) -> _Words:
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
    target_text = y_units.value(chart.target) if proportion else fmt(chart.target)
    return _Words(tau_note=tau_note, formula=formula, target_text=target_text)


def _description(
    chart: Chart,
    points: list[Org],
    words: _Words,
    counts: dict[str, int],
    proportion: bool,
    note: str,
) -> str:
    return " ".join(
        part
        for part in (
            f"Funnel plot of {chart.indicator_name} for {chart.period_label}: "
            f"{counted(len(points), chart.comparison_type)}; x is the "
            f"{'denominator' if proportion else 'expected count'}, y the "
            f"{'proportion' if proportion else 'ratio of observed to expected'}. Target "
            f"{words.target_text}; 95% (z = {Z95}) and 99.8% (z = {Z998}) limits "
            f"{words.formula}, {words.tau_note}.",
            f"{plural(counts['alarm'], 'alarm')} (outside 99.8%), "
            f"{plural(counts['alert'], 'alert')} (outside 95%).",
            note,
            peer_note(chart),
            source_line(chart),
        )
        if part
    )


def _limit_curves(svg: Svg, chart: Chart, scale: Scale) -> None:
    """The target line and the engine's limits, sampled densely where the funnel is narrow
    (x = x_end * (i / 120)^2) and clipped to the plot area."""
    assert chart.funnel_method is not None and chart.target is not None
    target, frame = chart.target, scale.frame
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
                y = min(max(scale.py(limit), frame.top - 40), frame.bottom + 40)
                coords.append(f"{n(scale.px(x))} {n(y)}")
            svg.add(f'<path class="{cls}" d="M{"L".join(coords)}"/>')
    svg.add("</g>")


def _points(
    svg: Svg, chart: Chart, points: list[Org], drawn: _Axes, proportion: bool
) -> list[OffScale]:
    """The organisations: within limits first, then alerts, then alarms on top; one beyond the
    axis is an arrow at its edge. Returns those off the scale."""
    scale, frame = drawn.scale, drawn.scale.frame
    offscale = []
    svg.add('<g class="orgs">')
    for org in sorted(points, key=lambda o: (FLAG_ORDER[o.flag], o.code)):
        assert org.x is not None and org.y is not None
        y_text = drawn.y_units.value(org.y)
        tooltip = [
            f"{org.name} ({org.code})",
            value_line(chart, org),
            (
                f"{'Proportion' if proportion else 'Ratio O/E'}: {y_text} "
                f"at {'n' if proportion else 'E'} = {fmt(org.x)}"
            ),
            f"Outlier flag: {FLAG_TEXT[org.flag]}",
        ]
        x = scale.px(org.x)
        if org.y > scale.y_end or org.y < scale.y_start:
            top = org.y > scale.y_end
            tooltip.append("Off the scale: drawn at the edge of the axis")
            shape = mark("up" if top else "down", x, frame.top if top else frame.bottom)
            offscale.append(OffScale(org, x, top, y_text))
        else:
            shape = mark(FLAG_MARK[org.flag], x, scale.py(org.y))
        svg.add(org_group(org, flag_classes(org), tooltip, shape))
    svg.add("</g>")
    return offscale


def _flag_counts(orgs: Iterable[Org]) -> dict[str, int]:
    counts = dict.fromkeys(FLAGS, 0)
    for org in orgs:
        counts[org.flag] += 1
    return counts
