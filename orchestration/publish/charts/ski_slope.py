"""The ski slope of one chart: one bar per organisation with a value, sorted best first by
polarity (highest first when the polarity is null), with the national value as a line; bars are
coloured by the funnel plot's outlier flag when the indicator has a funnel."""

from __future__ import annotations

from orchestration.publish.charts.marts import Chart, Org
from orchestration.publish.charts.svg import (
    FLAG_TEXT,
    LEFT,
    PLOT_W,
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
    values = [o.value for o in bars] + [0.0]
    if chart.national_value is not None:
        values.append(chart.national_value)
    y_start, y_end, y_step, y_ticks = nice_ticks(min(values), max(values) * 1.02)
    scale = Scale(y_start=y_start, y_end=y_end)

    order_words = _ORDER_WORDS.get(
        chart.polarity or "", "highest on the left (no better direction)"
    )
    unit = f" ({chart.unit})" if chart.unit else ""
    kind_words = type_words(chart.organisation_type)
    national = (
        f"national value {fmt(chart.national_value)}"
        if chart.national_value is not None
        else "no national value"
    )
    description = (
        f"Ranked bar chart (ski slope) of {chart.indicator_name} for {chart.period_label}: "
        f"{plural(len(bars), kind_words)} with a value, {order_words}; {national}. "
        f"{peer_note(chart)}"
    )
    svg = Svg(chart, "ski_slope", description)
    header(svg, chart, f"Ranked values: {plural(len(bars), kind_words)}, {order_words}")
    axes(
        svg,
        [],
        [(scale.py(t), tick_label(t, y_step)) for t in y_ticks],
        f"{plural(len(bars), kind_words)}, ranked",
        f"{chart.indicator_name}{unit}",
    )
    base = _bars(svg, chart, bars, scale)
    svg.add(f'<path class="axis" d="M{LEFT} {n(base)}H{LEFT + PLOT_W}"/>')
    items: list[tuple[str, str, str]] = [("bar", "key", kind_words.capitalize())]
    if chart.funnel_method is not None:
        items += [
            ("bar", "key alert", "Alert: outside 95%"),
            ("bar", "key alarm", "Alarm: outside 99.8%"),
        ]
    if chart.national_value is not None:
        y = scale.py(chart.national_value)
        svg.add(f'<path class="national" d="M{LEFT} {n(y)}H{LEFT + PLOT_W}"/>')
        items.insert(0, ("line", "national", f"National ({fmt(chart.national_value)})"))
    legend(svg, items)
    caption(
        svg,
        [
            f"Bars sorted by value, {order_words}; colours mark the funnel plot's outliers."
            if chart.funnel_method is not None
            else f"Bars sorted by value, {order_words}.",
            peer_note(chart),
        ],
    )
    return svg.close()


def _bars(svg: Svg, chart: Chart, bars: list[Org], scale: Scale) -> float:
    """One bar per organisation, from the zero line; returns the zero line's pixel y."""
    step = PLOT_W / len(bars)
    width = step * (0.8 if step >= 3 else 1.0)
    base = scale.py(0.0)
    svg.add('<g class="orgs">')
    for i, org in enumerate(bars):
        assert org.value is not None
        top, bottom = sorted((scale.py(org.value), base))
        x = LEFT + i * step + (step - width) / 2
        tooltip = [f"{org.name} ({org.code})", value_line(chart, org)]
        if org.national_rank is not None:
            tooltip.append(f"National rank: {org.national_rank}")
        if chart.funnel_method is not None:
            tooltip.append(f"Outlier flag: {FLAG_TEXT[org.flag]}")
        shape = (
            f'<rect x="{x:.2f}" y="{n(top)}" width="{width:.2f}" '
            f'height="{n(max(bottom - top, 0.5))}"/>'
        )
        svg.add(org_group(org, flag_classes(org), tooltip, shape))
    svg.add("</g>")
    return base
