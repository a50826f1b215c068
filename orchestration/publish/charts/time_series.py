"""The long view of one police force: its recorded crime rate in every quarter of the series,
against its most similar forces, their median and England and Wales (a line chart per force).

Read from the published report card (``marts.rpt_police_report_card``: the force's rate, its
peers' median and England and Wales per year-ending quarter) and the peer list of the card's peer
set (``marts.rpt_peer_groups``); the peers' own lines are their rows of the same card. A quarter
without a rate breaks the line rather than bridging it. Written as
``time_series/<indicator_code>/<force_code>.svg`` in the release's ``trend_charts`` attachment.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

import duckdb

from frontline_stats.report_card import CRIME_RATE
from orchestration.publish.charts.axis_range import robust_span
from orchestration.publish.charts.marts import (
    PEER_GROUPS_TABLE,
    Chart,
    IndicatorFacts,
    indicator_facts,
    tables,
)
from orchestration.publish.charts.svg import (
    Scale,
    Svg,
    axes,
    axis_words,
    chart_units,
    esc,
    footer,
    header,
    legend,
    n,
    nice_ticks,
    source_line,
)

REPORT_CARD_TABLE = "rpt_police_report_card"
TIME_SERIES_DIR = "time_series"
# the lines' own look: the force, its peers (3:1 against white at least), their median
STYLE = (
    ".series-own{stroke:#0b3d91;stroke-width:3;fill:none}"
    ".series-peer{stroke:#7f8a96;stroke-width:1.2;fill:none}"
    ".series-median{stroke:#222;stroke-width:2;stroke-dasharray:1.5 3;fill:none}"
)

Point = tuple[dt.date, float | None]


@dataclass(frozen=True)
class ForceSeries:
    """One force's chart: its rates, its peers' and their median, England and Wales."""

    code: str
    name: str
    peer_set_id: str
    quarters: tuple[tuple[dt.date, str], ...]  # every quarter of the card: end, label
    own: dict[dt.date, float]
    peer_median: dict[dt.date, float]
    national: dict[dt.date, float]
    peers: tuple[tuple[str, str, dict[dt.date, float]], ...]  # code, name, rates
    latest_period_key: str = ""


def read_force_series(con: duckdb.DuckDBPyConnection) -> tuple[list[ForceSeries], Chart | None]:
    """Every force's series from the report card, and a Chart carrying the rate's facts (name,
    unit, rounding, source); ([], None) when the release has no report card."""
    marts = tables(con)
    if REPORT_CARD_TABLE not in marts or PEER_GROUPS_TABLE not in marts:
        return [], None
    rows = con.execute(
        f"select card.force_code, card.force_area_name, card.peer_set_id, card.period_key, "
        f"card.period_label, periods.period_end, card.crime_rate_per_1000, "
        f"card.crime_rate_peer_median, card.crime_rate_england_and_wales "
        f"from marts.{REPORT_CARD_TABLE} as card "
        f"inner join marts.dim_period as periods on card.period_key = periods.period_key "
        f"order by card.force_code, periods.period_end"
    ).fetchall()
    if not rows:
        return [], None
    # the quarters from the first with any force's rate (earlier ones have counts only)
    first_rate = min((row[5] for row in rows if row[6] is not None), default=None)
    quarters = tuple(
        sorted({(row[5], row[4]) for row in rows if first_rate and row[5] >= first_rate})
    )
    latest_key = max((row[5], row[3]) for row in rows)[1]
    names, peer_sets = {}, {}
    own, median, national = {}, {}, {}
    for code, name, peer_set_id, _, _, end, rate, peer_median, england_and_wales in rows:
        names[code], peer_sets[code] = name, peer_set_id
        if first_rate is None or end < first_rate:
            continue
        _put(own, code, end, rate)
        _put(median, code, end, peer_median)
        _put(national, code, end, england_and_wales)
    peer_lists = con.execute(
        f"select organisation_code, peer_code from marts.{PEER_GROUPS_TABLE} "
        "where peer_set_id in (select unnest(?::varchar[])) and peer_code is not null "
        "order by organisation_code, peer_rank nulls last, peer_code",
        [sorted(set(peer_sets.values()))],
    ).fetchall()
    peers_of: dict[str, list[str]] = {}
    for code, peer in peer_lists:
        if peer in names and peer not in peers_of.setdefault(code, []):
            peers_of[code].append(peer)
    series = [
        ForceSeries(
            code=code,
            name=names[code],
            peer_set_id=peer_sets[code],
            quarters=quarters,
            own=own.get(code, {}),
            peer_median=median.get(code, {}),
            national=national.get(code, {}),
            peers=tuple((p, names[p], own.get(p, {})) for p in peers_of.get(code, [])),
            latest_period_key=latest_key,
        )
        for code in sorted(names)
    ]
    facts = indicator_facts(con, marts).get(CRIME_RATE, IndicatorFacts())
    return series, _rate_chart(con, facts)


def _put(target: dict, code: str, end: dt.date, value: float | None) -> None:
    if value is not None:
        target.setdefault(code, {})[end] = float(value)


def _rate_chart(con: duckdb.DuckDBPyConnection, facts: IndicatorFacts) -> Chart:
    """The crime rate's name and unit, as the comparison charts carry them."""
    found = con.execute(
        "select indicator_name, unit, polarity from marts.dim_indicator where indicator_code = ?",
        [CRIME_RATE],
    ).fetchone()
    name, unit, polarity = found or ("Total recorded crime per 1,000 people", None, None)
    return Chart(
        indicator_code=CRIME_RATE,
        indicator_name=name,
        unit=unit or "",
        polarity=polarity,
        period_key="",
        period_label="",
        comparison_type="police_force_area",
        funnel_method=None,
        target=None,
        tau2=None,
        tau2_known=False,
        national_value=None,
        peer_set_id=None,
        peer_set_type="nearest_neighbours",
        orgs=(),
        measure=facts.measure,
        decimal_places=facts.decimal_places,
        denominator_definition=facts.denominator,
        source=facts.source,
    )


def time_series_svg(series: ForceSeries, rate: Chart) -> str | None:
    """The force's line chart, or None when it has no rate in any quarter."""
    if not series.own or not series.quarters:
        return None
    ends = [end for end, _ in series.quarters]
    labels = dict(series.quarters)
    first, last = ends[0], ends[-1]
    span_label = f"{labels[first]} to {labels[last]}"
    chart = _chart_for(rate, series, span_label, last)
    units = chart_units(chart)

    lines = [series.own, series.peer_median, series.national] + [p[2] for p in series.peers]
    values = [v for line in lines for v in line.values()]
    span = robust_span(values, keep=[0.0, *series.own.values()])
    y_start, y_end, y_step, y_ticks = nice_ticks(span.lo, span.hi * 1.02)

    peers = len(series.peers)
    svg = Svg(chart, "time_series", "")
    svg.add(f"<style>{STYLE}</style>")
    frame = header(
        svg,
        f"{series.name} against its {peers} most similar forces, their median and England and "
        "Wales, each quarter's 12 months to the quarter's end",
    )
    days = max((last - first).days, 1)
    scale = Scale(frame, y_start=y_start, y_end=y_end, x_end=float(days))
    year_ticks = [end for end in ends if end.month == 12]
    axes(
        svg,
        [(scale.px((end - first).days), str(end.year)) for end in year_ticks],
        [(scale.py(t), units.tick(t, y_step)) for t in y_ticks],
        "Year ending (ticks at years ending December)",
        axis_words(chart),
    )

    def path(points: dict[dt.date, float]) -> str:
        return _path(ends, points, first, scale)

    svg.add('<g class="series">')
    for code, name, points in series.peers:
        svg.add(
            f'<path id="{esc(code)}" class="series-peer" d="{path(points)}">'
            f"<title>{esc(name)}</title></path>"
        )
    svg.add(f'<path class="national" d="{path(series.national)}"/>')
    svg.add(f'<path class="series-median" d="{path(series.peer_median)}"/>')
    svg.add(
        f'<path id="{esc(series.code)}" class="series-own" d="{path(series.own)}">'
        f"<title>{esc(series.name)}</title></path>"
    )
    svg.add("</g>")
    legend(
        svg,
        [
            ("line", "series-own", series.name),
            ("line", "series-median", "Median of its most similar forces"),
            ("line", "series-peer", f"Each of its {peers} most similar forces"),
            ("line", "national", "England and Wales"),
        ],
    )
    first_rate = min(series.own)
    blocks = [
        (
            "caption",
            f"Recorded crime in the 12 months to each quarter's end per 1,000 people. "
            f"Most similar forces: peer set {series.peer_set_id}"
            + (f" ({', '.join(p[1] for p in series.peers)})." if series.peers else "."),
        ),
        (
            "note",
            f"The line starts at {labels[first_rate]}, the first quarter with a published rate; "
            "rpt_police_recorded_crime gives every quarter's counts and the reason a quarter "
            "has no rate. A gap in a line is a quarter without a published rate.",
        ),
        ("source", source_line(chart)),
    ]
    svg.description = _description(series, labels, units, span_label)
    return svg.close(footer(svg, blocks))


def _chart_for(rate: Chart, series: ForceSeries, span_label: str, last: dt.date) -> Chart:
    return replace(
        rate,
        indicator_name=f"{rate.indicator_name}: {series.name}",
        period_key=last.isoformat(),
        period_label=span_label,
        peer_set_id=series.peer_set_id,
    )


def _path(
    ends: Sequence[dt.date], points: dict[dt.date, float], first: dt.date, scale: Scale
) -> str:
    """SVG path data through the quarters with a value; a quarter without one starts a new
    stretch (M), so a gap is never drawn over."""
    parts, drawing = [], False
    for end in ends:
        value = points.get(end)
        if value is None:
            drawing = False
            continue
        x, y = scale.px((end - first).days), scale.py(value)
        parts.append(f"{'L' if drawing else 'M'}{n(x)} {n(y)}")
        drawing = True
    return "".join(parts)


def _description(series: ForceSeries, labels, units, span_label: str) -> str:
    def change(points: dict[dt.date, float]) -> str:
        if not points:
            return "no value"
        start, end = min(points), max(points)
        return (
            f"from {units.value(points[start])} ({labels[start]}) "
            f"to {units.value(points[end])} ({labels[end]})"
        )

    return (
        f"Line chart of recorded crime per 1,000 people for {series.name}, {span_label}: "
        f"{series.name} went {change(series.own)}; the median of its {len(series.peers)} most "
        f"similar forces went {change(series.peer_median)}; England and Wales went "
        f"{change(series.national)}."
    )
