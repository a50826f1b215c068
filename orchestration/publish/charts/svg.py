"""SVG primitives shared by the charts: the canvas and its style, the header and footer (wrapped
to the canvas), axes, legend, marks for organisations, and the source line.

Every chart is one self-contained document (no external reference, generic font families, an
inline ``<style>`` that also prints, the script of ``highlight``) whose organisations are
``<g id="<organisation_code>" class="org">`` groups. Its height grows with the lines its title,
subtitle and notes wrap onto (measured with ``text``'s width model); the plot keeps one size.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

from orchestration.publish.charts.highlight import INLINE_SCRIPT
from orchestration.publish.charts.marts import Chart, Org
from orchestration.publish.charts.text import shorten, text_width, wrap
from orchestration.publish.charts.units import Units, units_for

# --- geometry ----------------------------------------------------------------------------------

WIDTH = 860
PAD = 16  # the canvas's own margin, left and right of the header and footer
LEFT, RIGHT = 88, 200  # plot margins; the legend sits in the right margin
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, 384
TEXT_W = WIDTH - 2 * PAD  # the width a header or footer line may take

# font sizes (px) and line steps, as in the style below
TITLE, TITLE_STEP = 16, 20
SMALL, SMALL_STEP = 11, 14
AXIS_LABEL, AXIS_STEP = 12, 14
TICK = 10.5

FLAG_ORDER = {"none": 0, "alert": 1, "alarm": 2}
FLAG_TEXT = {
    "alarm": "alarm (outside the 99.8% limits)",
    "alert": "alert (outside the 95% limits)",
    "none": "none (within the 95% limits)",
}

# text colours are at least 4.5:1 against the white background (WCAG AA for small text)
STYLE = """
svg{font-family:sans-serif;font-size:12px;fill:#222}
.bg{fill:#fff}
.title{font-size:16px;font-weight:bold;fill:#222}
.subtitle,.caption,.source{font-size:11px;fill:#444}
.note{font-size:11px;fill:#222}
.selection{font-size:11px;font-weight:bold;fill:#0b3d91}
.axis-label{font-size:12px;fill:#222}
.tick{font-size:10.5px;fill:#444}
.axis{stroke:#222;stroke-width:1;fill:none}
.grid{stroke:#e3e3e3;stroke-width:1;fill:none}
.target{stroke:#222;stroke-width:1.5;fill:none}
.national{stroke:#222;stroke-width:1.5;stroke-dasharray:6 3;fill:none}
.limit95{stroke:#555;stroke-width:1.2;stroke-dasharray:5 3;fill:none}
.limit998{stroke:#555;stroke-width:1.2;fill:none}
.org circle,.org path,.key circle,.key path{fill:#8c8c8c;fill-opacity:.85;stroke:#3a3a3a;stroke-width:.8}
.alert circle,.alert path{fill:#f1a340;fill-opacity:1;stroke:#6b3e00;stroke-width:1.2}
.alarm circle,.alarm path{fill:#c0392b;fill-opacity:1;stroke:#000;stroke-width:1.2}
.org rect,.key rect{fill:#9aa7b4;stroke:none}
.alert rect{fill:#f1a340}
.alarm rect{fill:#c0392b}
.offscale{font-size:11px;fill:#222}
.offscale,.fl-label{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}
.fl-label{font-size:11px;fill:#222}
.fl-label-org{font-weight:bold;fill:#0b3d91}
.fl-leader{stroke:#0b3d91;stroke-width:.8;fill:none}
.has-selection .org{opacity:.3}
.has-selection .org.selected,.has-selection .org.peer{opacity:1}
.org.selected circle,.org:target circle{r:6px}
.org.selected circle,.org.selected path,.org:target circle,.org:target path{fill:#0b3d91;fill-opacity:1;stroke:#000;stroke-width:1.5}
.org.selected rect,.org:target rect{fill:#0b3d91;stroke:#000;stroke-width:1}
.org.peer circle,.org.peer path{stroke:#0b3d91;stroke-width:2.5}
.org.peer rect{fill:#9ecae1;stroke:#0b3d91;stroke-width:1.2}
@media print{.has-selection .org{opacity:1}.grid{stroke:#ccc}}
"""  # noqa: E501


@dataclass(frozen=True)
class Frame:
    """Where the plot sits on the canvas: below the header, which may wrap onto several lines."""

    top: float
    left: float = LEFT
    width: float = PLOT_W
    height: float = PLOT_H

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height


@dataclass(frozen=True)
class Scale:
    """Data to pixels in a frame: x from 0 to ``x_end``, y from ``y_start`` (bottom) to ``y_end``
    (top)."""

    frame: Frame
    y_start: float
    y_end: float
    x_end: float = 1.0

    def px(self, x: float) -> float:
        return self.frame.left + self.frame.width * x / self.x_end

    def py(self, y: float) -> float:
        f = self.frame
        return f.top + f.height * (1 - (y - self.y_start) / (self.y_end - self.y_start))


# --- the document ------------------------------------------------------------------------------


@dataclass
class Svg:
    """One chart being drawn: its parts in order, and where the header and footer end."""

    chart: Chart
    kind: str
    description: str
    parts: list[str] = field(default_factory=list)
    frame: Frame | None = None
    footer_top: float = 0.0  # the baseline of the last line drawn under the plot
    zero: float | None = None  # a bar chart's zero line (for the script's labels)

    def add(self, *parts: str) -> None:
        self.parts.extend(parts)

    def text(self, x: float, y: float, content: str, cls: str, anchor: str = "start") -> None:
        extra = f' text-anchor="{anchor}"' if anchor != "start" else ""
        self.parts.append(f'<text x="{n(x)}" y="{n(y)}" class="{cls}"{extra}>{esc(content)}</text>')

    def close(self, height: float) -> str:
        chart, frame = self.chart, self.frame
        assert frame is not None
        height = math.ceil(height)
        plot = f"{n(frame.left)} {n(frame.top)} {n(frame.right)} {n(frame.bottom)}"
        zero = f' data-zero="{n(self.zero)}"' if self.zero is not None else ""
        head = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
            f'viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="fl-title fl-desc" '
            f'data-chart="{self.kind}" data-indicator="{esc(chart.indicator_code)}" '
            f'data-period="{esc(chart.period_key)}" data-peer-set="{esc(chart.peer_set_id or "")}" '
            f'data-plot="{plot}"{zero}>',
            f'<title id="fl-title">{esc(title(chart))}</title>',
            f'<desc id="fl-desc">{esc(self.description)}</desc>',
            f"<style>{STYLE}</style>",
            f'<rect class="bg" width="{WIDTH}" height="{height}"/>',
        ]
        tail = [f"<script><![CDATA[{INLINE_SCRIPT}]]></script>", "</svg>"]
        return "\n".join(head + self.parts + tail) + "\n"


def canvas_size(text: str) -> tuple[int, int]:
    """(width, height) of a chart written by ``Svg.close``, read from its root element."""
    root = text[text.index("<svg ") : text.index(">", text.index("<svg "))]
    width = root.split(' width="', 1)[1].split('"', 1)[0]
    height = root.split(' height="', 1)[1].split('"', 1)[0]
    return int(width), int(height)


def title(chart: Chart) -> str:
    return f"{chart.indicator_name}, {chart.period_label}"


def header(svg: Svg, subtitle: str) -> Frame:
    """The title and subtitle, wrapped to the canvas, and the (empty) line the script writes the
    selection into; returns the plot's frame below them."""
    y = 28.0
    for line in wrap(title(svg.chart), TEXT_W, TITLE, bold=True):
        svg.text(PAD, y, line, "title")
        y += TITLE_STEP
    y += 18 - TITLE_STEP
    for line in wrap(subtitle, TEXT_W, SMALL):
        svg.text(PAD, y, line, "subtitle")
        y += SMALL_STEP
    y += 1
    svg.add(f'<text id="fl-selection" x="{PAD}" y="{n(y)}" class="selection"></text>')
    svg.frame = Frame(top=y + 16)
    return svg.frame


def footer(svg: Svg, blocks: Sequence[tuple[str, str]]) -> float:
    """Blocks of text under the plot (class, text), each wrapped to the canvas; returns the
    canvas height that holds them."""
    y = svg.footer_top + 22
    for cls, content in blocks:
        for line in wrap(content, TEXT_W, SMALL):
            svg.text(PAD, y, line, cls)
            y += SMALL_STEP
        y += 2
    return y - SMALL_STEP + 10


def axes(
    svg: Svg,
    x_ticks: Sequence[tuple[float, str]],
    y_ticks: Sequence[tuple[float, str]],
    x_label: str,
    y_label: str,
) -> None:
    frame = svg.frame
    assert frame is not None
    bottom, left, right = frame.bottom, frame.left, frame.right
    grid = [f"M{n(left)} {n(y)}H{n(right)}" for y, _ in y_ticks]
    grid += [f"M{n(x)} {n(frame.top)}V{n(bottom)}" for x, _ in x_ticks]
    if grid:
        svg.add(f'<path class="grid" d="{"".join(grid)}"/>')
    svg.add(f'<path class="axis" d="M{n(left)} {n(frame.top)}V{n(bottom)}H{n(right)}"/>')
    for y, label in y_ticks:
        svg.text(left - 6, y + 3.5, label, "tick", "end")
    for x, label in x_ticks:
        svg.text(x, bottom + 15, label, "tick", "middle")
    y = bottom + (34 if x_ticks else 22)
    for line in wrap(x_label, frame.width, AXIS_LABEL):
        svg.text(left + frame.width / 2, y, line, "axis-label", "middle")
        y += AXIS_STEP
    svg.footer_top = y - AXIS_STEP
    lines = wrap(y_label, frame.height, AXIS_LABEL)
    if len(lines) > 2:
        lines = [lines[0], shorten(" ".join(lines[1:]), frame.height, AXIS_LABEL)]
    mid = frame.top + frame.height / 2
    for i, line in enumerate(lines):
        x = 16 + 14 * i + (7 if len(lines) == 1 else 0)
        svg.add(
            f'<text x="0" y="0" class="axis-label" text-anchor="middle" '
            f'transform="translate({n(x)} {n(mid)}) rotate(-90)">{esc(line)}</text>'
        )


def legend(svg: Svg, items: Sequence[tuple[str, str, str]]) -> None:
    """Items (kind 'line', 'bar', a mark's name, or 'bar+<mark>'; CSS class; label) in the right
    margin, labels wrapped to it."""
    frame = svg.frame
    assert frame is not None
    x0, y = frame.right + 16, frame.top + 14
    room = WIDTH - 8 - (x0 + 32)
    svg.add('<g class="legend">')
    for kind, cls, label in items:
        if kind == "line":
            svg.add(f'<path class="{cls}" d="M{n(x0)} {n(y)}h24"/>')
        elif kind == "bar":
            svg.add(
                f'<g class="{cls}"><rect x="{n(x0 + 6)}" y="{n(y - 6)}" width="12" height="12"/>'
                "</g>"
            )
        elif kind.startswith("bar+"):  # a bar and the mark drawn at its end
            svg.add(
                f'<g class="{cls}"><rect x="{n(x0 + 2)}" y="{n(y - 6)}" width="8" height="12"/>'
                f"{mark(kind[4:], x0 + 19, y)}</g>"
            )
        else:
            svg.add(f'<g class="{cls}">{mark(kind, x0 + 12, y)}</g>')
        lines = wrap(label, room, TICK)
        for i, line in enumerate(lines):
            svg.text(x0 + 32, y + 4 + 13 * i, line, "tick")
        y += 20 + 13 * (len(lines) - 1)
    svg.add("</g>")


# --- marks ---------------------------------------------------------------------------------------

# a flag's mark: shape as well as colour (a reader who cannot tell the colours apart can tell a
# circle from a square from a diamond)
FLAG_MARK = {"none": "circle", "alert": "square", "alarm": "diamond"}


def mark(kind: str, x: float, y: float, size: float = 1.0) -> str:
    """A mark centred at (x, y): 'circle' (r 3.5), 'square' (8 wide), 'diamond' (13 tall),
    'up' or 'down' (an arrow with its point at y); ``size`` scales it."""
    if kind == "circle":
        return f'<circle cx="{n(x)}" cy="{n(y)}" r="{n(3.5 * size)}"/>'
    if kind == "square":
        h = 4 * size
        return f'<path d="M{n(x - h)} {n(y - h)}h{n(2 * h)}v{n(2 * h)}h{n(-2 * h)}z"/>'
    if kind == "diamond":
        h = 6.5 * size
        return f'<path d="M{n(x)} {n(y - h)}l{n(h)} {n(h)}l{n(-h)} {n(h)}l{n(-h)} {n(-h)}z"/>'
    depth = 11 * size if kind == "up" else -11 * size
    return f'<path d="M{n(x)} {n(y)}l{n(6 * size)} {n(depth)}h{n(-12 * size)}z"/>'


def org_group(org: Org, cls: str, tooltip: Sequence[str], shape: str) -> str:
    peers = " ".join(org.peers)
    tip = esc("\n".join(tooltip))
    return (
        f'<g id="{esc(org.code)}" class="{cls}" data-peers="{esc(peers)}">'
        f"<title>{tip}</title>{shape}</g>"
    )


def flag_classes(org: Org) -> str:
    return "org" if org.flag == "none" else f"org outlier {org.flag}"


@dataclass(frozen=True)
class OffScale:
    """An organisation drawn at the edge of the axis, its value written beside its arrow."""

    org: Org
    x: float  # pixel
    top: bool  # beyond the top edge (else the bottom)
    value: str


def offscale_labels(svg: Svg, marks: Sequence[OffScale]) -> None:
    """Each off-scale organisation's value beside its arrow (and its name, when there are at
    most three at an edge), moved down (or up) a row where it would overlap the one before."""
    frame = svg.frame
    assert frame is not None
    svg.add('<g class="offscale-labels">')
    for top in (True, False):
        edge = sorted((m for m in marks if m.top == top), key=lambda m: (m.x, m.org.code))
        named = len(edge) <= 3
        taken: list[tuple[float, float, int]] = []
        for m in edge:
            flag = "" if m.org.flag == "none" else f", {m.org.flag}"
            text = f"{m.org.name}: {m.value}{flag}" if named else m.value
            w = text_width(text, SMALL)
            right = m.x + 9 + w <= frame.right
            x0 = m.x + 9 if right else m.x - 9 - w
            row = 0
            while any(r == row and x0 < b and a < x0 + w for a, b, r in taken):
                row += 1
            taken.append((x0, x0 + w, row))
            y = frame.top + 11 + 13 * row if top else frame.bottom - 4 - 13 * row
            anchor = "start" if right else "end"
            svg.text(m.x + 9 if right else m.x - 9, y, text, "offscale", anchor)
    svg.add("</g>")


def offscale_note(marks: Sequence[OffScale], axis_end: str, axis_start: str, others: str) -> str:
    """The note that says which values are off the scale and where the axis stops."""
    over = [m for m in marks if m.top]
    under = [m for m in marks if not m.top]
    parts = []
    for group, edge, stop in ((over, "top", axis_end), (under, "bottom", axis_start)):
        if not group:
            continue
        who = (
            "; ".join(f"{m.org.name} ({m.value})" for m in group)
            if len(group) <= 3
            else f"{len(group):,} values"
        )
        arrow = "\u25b2" if edge == "top" else "\u25bc"
        parts.append(f"{who} drawn as {arrow} at the {edge} edge, the axis stopping at {stop}")
    return (
        f"Off the scale: {'; '.join(parts)}, so that {others} can be told apart. "
        "The axis stops at the most extreme value within three interquartile ranges of the "
        "quartiles."
    )


# --- words ---------------------------------------------------------------------------------------


def chart_units(chart: Chart) -> Units:
    return units_for(chart.measure, chart.unit, chart.decimal_places)


def value_line(chart: Chart, org: Org) -> str:
    return f"Value: {said(chart_units(chart), org.value)}"


def said(units: Units, value: float | None) -> str:
    """A value with its unit in words: "59.5% of eligible pupils", "£1,029.35 per resident"."""
    text = units.value(value)
    if value is None:
        return text
    words = units.words
    if words.startswith("%"):
        return text + words[1:]
    if words.startswith("£"):
        return f"{text} {words[1:].strip()}".rstrip()
    return f"{text} {words}" if words else text


def axis_words(chart: Chart) -> str:
    """A value axis's label: the unit in words, else the indicator's name."""
    words = chart_units(chart).words
    return words[:1].upper() + words[1:] if words else chart.indicator_name


def peer_note(chart: Chart) -> str:
    if not chart.peer_set_id:
        return "Add #<organisation code> to the chart's address to mark an organisation."
    return (
        "Add #<organisation code> to the chart's address to mark an organisation, outline its "
        f"peers and name them (peer set {chart.peer_set_id})."
    )


def source_line(chart: Chart) -> str:
    """Publisher, dataset, licence and period, from ``marts.dim_indicator``."""
    period = f"Period: {chart.period_label}."
    source = chart.source
    if source is None:
        return f"Source: not recorded in this release (no marts.dim_indicator entry). {period}"
    publisher, dataset = source.publisher, source.title
    if publisher and dataset and dataset.startswith(publisher):
        publisher = None  # "NHS England, NHS England, A&E Attendances ..." says it twice
    named = ", ".join(p for p in (publisher, dataset) if p)
    licence = f" Licence: {source.licence}." if source.licence else ""
    return f"Source: {named or 'not recorded'}.{licence} {period}"


# --- numbers, ticks, text ----------------------------------------------------------------------


def n(value: float) -> str:
    """A coordinate: one decimal, no '-0', no trailing '.0'."""
    text = f"{value:.1f}"
    if text in ("-0.0", "0.0"):
        return "0"
    return text[:-2] if text.endswith(".0") else text


def nice_ticks(lo: float, hi: float) -> tuple[float, float, float, list[float]]:
    """An axis from a round number to a round number, 4 to 10 intervals, wasting least space."""
    if not hi > lo:
        pad = abs(lo) * 0.1 or 1.0
        lo, hi = lo - pad, hi + pad
    magnitude = 10 ** math.floor(math.log10((hi - lo) / 5))
    best: tuple[float, int, float, float, float] | None = None
    for step in (m * magnitude * f for f in (0.1, 1, 10) for m in (1, 2, 2.5, 5)):
        start = math.floor(lo / step + 1e-9) * step
        end = math.ceil(hi / step - 1e-9) * step
        intervals = round((end - start) / step)
        if 4 <= intervals <= 10:
            candidate = (round(end - start, 12), intervals, step, start, end)
            best = candidate if best is None or candidate[:2] < best[:2] else best
    assert best is not None
    _, intervals, step, start, end = best
    ticks = [round(start + i * step, 12) for i in range(intervals + 1)]
    return round(start, 12), round(end, 12), step, ticks


def esc(text: object) -> str:
    return escape(str(text), quote=True)
