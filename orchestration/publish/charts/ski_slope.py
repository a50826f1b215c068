"""The ski slope of one chart: one bar per organisation with a value, sorted best first by
polarity (highest first when the polarity is null), with the national value as a line.

When the indicator has a funnel, an outlier's bar is coloured by the funnel plot's flag and
carries the flag's mark at its end (a square for an alert, a diamond for an alarm), so the flag
does not rest on colour alone. A value far from the rest (``axis_range``) is drawn to the edge of
the axis with an arrow and its value, and named in a note.
"""

from __future__ import annotations

from orchestration.publish.charts.axis_range import robust_span
from orchestration.publish.charts.marts import Chart, Org
from orchestration.publish.charts.svg import (
    FLAG_MARK,
    FLAG_TEXT,
    OffScale,
    Scale,
    Svg,
    axes,
    axis_words,
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
    said,
    source_line,
    value_line,
)
from orchestration.publish.charts.units import PERCENT_OF_ONE
from orchestration.publish.words import counted, sentence_case, type_name

_ORDER_WORDS = {
    "higher_is_better": "best (highest) on the left",
    "lower_is_better": "best (lowest) on the left",
}


def ski_slope_svg(chart: Chart) -> str | None:
    """The ranked bar chart, or None when no organisation has a value."""
    bars = [o for o in chart.orgs if o.value is not None]
    if not bars:
        return None
    lower_first = chart.polarity == "lower_is_better"
    bars.sort(key=lambda o: (o.value if lower_first else -o.value, o.code))
    units = chart_units(chart)
    keep = [0.0] + ([chart.national_value] if chart.national_value is not None else [])
    span = robust_span((o.value for o in bars), keep=keep)
    hi = span.hi * 1.02 if span.hi > 0 else span.hi
    if units.kind == PERCENT_OF_ONE and span.hi <= 1:
        hi = min(hi, 1.0)  # a share of one stops at 100%
    y_start, y_end, y_step, y_ticks = nice_ticks(span.lo, hi)

    order_words = _ORDER_WORDS.get(
        chart.polarity or "", "highest on the left (no better direction)"
    )
    how_many = counted(len(bars), chart.comparison_type)
    national = (
        f"national value {said(units, chart.national_value)}"
        if chart.national_value is not None
        else "no national value"
    )
    svg = Svg(chart, "ski_slope", "")
    frame = header(svg, f"Ranked values: {how_many}, {order_words}")
    scale = Scale(frame, y_start=y_start, y_end=y_end)
    axes(
        svg,
        [],
        [(scale.py(t), units.tick(t, y_step)) for t in y_ticks],
        f"{how_many}, ranked: {order_words}",
        axis_words(chart),
    )
    base, offscale = _bars(svg, chart, bars, scale)
    svg.zero = base
    svg.add(f'<path class="axis" d="M{n(frame.left)} {n(base)}H{n(frame.right)}"/>')
    items: list[tuple[str, str, str]] = [
        ("bar", "key", sentence_case(type_name(chart.comparison_type, 2)))
    ]
    if chart.funnel_method is not None:
        items += [
            ("bar+square", "key alert", "Alert: outside 95% (funnel)"),
            ("bar+diamond", "key alarm", "Alarm: outside 99.8% (funnel)"),
        ]
    if chart.national_value is not None:
        y = scale.py(chart.national_value)
        svg.add(f'<path class="national" d="M{n(frame.left)} {n(y)}H{n(frame.right)}"/>')
        items.insert(0, ("line", "national", f"National: {units.value(chart.national_value)}"))
    offscale_labels(svg, offscale)
    legend(svg, items)
    blocks = [
        (
            "caption",
            f"Bars sorted by value, {order_words}; a square (alert) or diamond (alarm) and "
            "colour mark the funnel plot's outliers."
            if chart.funnel_method is not None
            else f"Bars sorted by value, {order_words}.",
        )
    ]
    note = ""
    if offscale:
        note = offscale_note(
            offscale,
            units.tick(y_end, y_step),
            units.tick(y_start, y_step),
            f"the other {counted(len(bars) - len(offscale), chart.comparison_type)}",
        )
        blocks.append(("note", note))
    blocks += [("caption", peer_note(chart)), ("source", source_line(chart))]
    svg.description = " ".join(
        part
        for part in (
            f"Ranked bar chart (ski slope) of {chart.indicator_name} for {chart.period_label}: "
            f"{how_many} with a value, {order_words}; {national}.",
            note,
            peer_note(chart),
            source_line(chart),
        )
        if part
    )
    return svg.close(footer(svg, blocks))


def _bars(svg: Svg, chart: Chart, bars: list[Org], scale: Scale) -> tuple[float, list[OffScale]]:
    """One bar per organisation, from the zero line, with its flag's mark at its end; a bar
    beyond the axis ends in an arrow at the edge. Returns the zero line's pixel y and the bars
    off the scale."""
    frame = scale.frame
    step = frame.width / len(bars)
    width = step * (0.8 if step >= 3 else 1.0)
    base = scale.py(min(max(0.0, scale.y_start), scale.y_end))
    units = chart_units(chart)
    offscale = []
    svg.add('<g class="orgs">')
    for i, org in enumerate(bars):
        assert org.value is not None
        x = frame.left + i * step + (step - width) / 2
        centre = x + width / 2
        tooltip = [f"{org.name} ({org.code})", value_line(chart, org)]
        if org.national_rank is not None:
            tooltip.append(f"National rank: {org.national_rank}")
        if chart.funnel_method is not None:
            tooltip.append(f"Outlier flag: {FLAG_TEXT[org.flag]}")
        beyond = org.value > scale.y_end or org.value < scale.y_start
        end = scale.py(min(max(org.value, scale.y_start), scale.y_end))
        up = end <= base
        extra = ""
        if beyond:
            tooltip.append("Off the scale: drawn to the edge of the axis")
            # the bar stops short of the edge, and an arrow reaches it
            end = end + 11 if up else end - 11
            extra = mark("up" if up else "down", centre, frame.top if up else frame.bottom)
            offscale.append(OffScale(org, centre, up, units.value(org.value)))
        elif org.flag != "none" and chart.funnel_method is not None:
            size = 0.75
            extra = mark(FLAG_MARK[org.flag], centre, end - 6 if up else end + 6, size)
        top, bottom = sorted((end, base))
        shape = (
            f'<rect x="{x:.2f}" y="{n(top)}" width="{width:.2f}" '
            f'height="{n(max(bottom - top, 0.5))}"/>{extra}'
        )
        svg.add(org_group(org, flag_classes(org), tooltip, shape))
    svg.add("</g>")
    return base, offscale
