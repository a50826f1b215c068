"""SVG primitives shared by the charts: the canvas, its style and script, axes, legend, captions,
and the numbers and words written on them.

Every chart is one self-contained document (no external reference, generic font families, an
inline ``<style>`` that also prints) whose organisations are ``<g id="<organisation_code>"
class="org">`` groups: opened as ``chart.svg#E23000013``, the inline script highlights that
organisation and outlines its peers (``data-peers``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from orchestration.publish.charts.marts import Chart, Org

# --- geometry: one canvas for both charts -------------------------------------------------------

WIDTH, HEIGHT = 860, 540
LEFT, RIGHT, TOP, BOTTOM = 88, 190, 64, 92  # margins; the legend sits in the right margin
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

FLAG_ORDER = {"none": 0, "alert": 1, "alarm": 2}
FLAG_TEXT = {
    "alarm": "alarm (outside the 99.8% limits)",
    "alert": "alert (outside the 95% limits)",
    "none": "none (within the 95% limits)",
}

_STYLE = """
svg{font-family:sans-serif;font-size:12px;fill:#222}
.bg{fill:#fff}
.title{font-size:16px;font-weight:bold}
.subtitle,.caption,.selection{font-size:11px;fill:#444}
.selection{font-weight:bold;fill:#0b3d91}
.axis-label{font-size:12px}
.tick{font-size:10.5px;fill:#444}
.axis{stroke:#222;stroke-width:1;fill:none}
.grid{stroke:#e3e3e3;stroke-width:1;fill:none}
.target{stroke:#222;stroke-width:1.5;fill:none}
.national{stroke:#222;stroke-width:1.5;stroke-dasharray:6 3;fill:none}
.limit95{stroke:#555;stroke-width:1.2;stroke-dasharray:5 3;fill:none}
.limit998{stroke:#555;stroke-width:1.2;fill:none}
.org circle,.key circle{fill:#8c8c8c;fill-opacity:.85;stroke:#3a3a3a;stroke-width:.8}
.alert circle{fill:#f1a340;fill-opacity:1;stroke:#6b3e00;stroke-width:1.2}
.alarm circle{fill:#c0392b;fill-opacity:1;stroke:#000;stroke-width:1.6}
.org rect,.key rect{fill:#9aa7b4;stroke:none}
.alert rect{fill:#f1a340}
.alarm rect{fill:#c0392b}
.has-selection .org{opacity:.3}
.has-selection .org.selected,.has-selection .org.peer{opacity:1}
.org.selected circle,.org:target circle{r:6px;fill:#0b3d91;fill-opacity:1;stroke:#000}
.org.selected rect,.org:target rect{fill:#0b3d91;stroke:#000;stroke-width:1}
.org.peer circle{stroke:#0b3d91;stroke-width:2.5}
.org.peer rect{fill:#9ecae1;stroke:#0b3d91;stroke-width:1.2}
.legend-box{fill:none;stroke:#bbb}
@media print{.has-selection .org{opacity:1}.grid{stroke:#ccc}}
"""

_SCRIPT = """
(function () {
  var root = document.documentElement;
  function show() {
    var marked = root.querySelectorAll('.selected, .peer');
    for (var i = 0; i < marked.length; i++) {
      marked[i].classList.remove('selected');
      marked[i].classList.remove('peer');
    }
    root.classList.remove('has-selection');
    var note = document.getElementById('fl-selection');
    if (note) note.textContent = '';
    var id = '';
    try { id = decodeURIComponent((location.hash || '').slice(1)); } catch (e) { id = ''; }
    var org = id ? document.getElementById(id) : null;
    if (!org || !org.classList.contains('org')) return;
    root.classList.add('has-selection');
    org.classList.add('selected');
    var peers = (org.getAttribute('data-peers') || '').split(' '), n = 0;
    for (var j = 0; j < peers.length; j++) {
      var peer = peers[j] ? document.getElementById(peers[j]) : null;
      if (peer && peer !== org && peer.classList.contains('org')) {
        peer.classList.add('peer');
        n++;
      }
    }
    org.parentNode.appendChild(org);
    if (note) {
      var title = org.getElementsByTagName('title')[0];
      note.textContent = 'Selected: ' + (title ? title.textContent.split('\\n')[0] : id) +
        '; outlined: its ' + n + ' peer' + (n === 1 ? '' : 's') + ' shown here (peer set ' +
        root.getAttribute('data-peer-set') + ')';
    }
  }
  show();
  window.addEventListener('hashchange', show);
})();
"""


@dataclass(frozen=True)
class Scale:
    """Data to pixels: x from 0 to ``x_end`` across the plot, y from ``y_start`` (bottom) to
    ``y_end`` (top)."""

    y_start: float
    y_end: float
    x_end: float = 1.0

    def px(self, x: float) -> float:
        return LEFT + PLOT_W * x / self.x_end

    def py(self, y: float) -> float:
        return TOP + PLOT_H * (1 - (y - self.y_start) / (self.y_end - self.y_start))


# --- the document ------------------------------------------------------------------------------


class Svg:
    def __init__(self, chart: Chart, kind: str, description: str) -> None:
        peer_set = chart.peer_set_id or ""
        self.parts: list[str] = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
            f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="fl-title fl-desc" '
            f'data-chart="{kind}" data-indicator="{esc(chart.indicator_code)}" '
            f'data-period="{esc(chart.period_key)}" data-peer-set="{esc(peer_set)}">',
            f'<title id="fl-title">{esc(title(chart))}</title>',
            f'<desc id="fl-desc">{esc(description)}</desc>',
            f"<style>{_STYLE}</style>",
            f'<rect class="bg" width="{WIDTH}" height="{HEIGHT}"/>',
        ]

    def add(self, *parts: str) -> None:
        self.parts.extend(parts)

    def text(self, x: float, y: float, content: str, cls: str, anchor: str = "start") -> None:
        extra = f' text-anchor="{anchor}"' if anchor != "start" else ""
        self.parts.append(f'<text x="{n(x)}" y="{n(y)}" class="{cls}"{extra}>{esc(content)}</text>')

    def close(self) -> str:
        self.parts.append(f"<script><![CDATA[{_SCRIPT}]]></script>")
        self.parts.append("</svg>")
        return "\n".join(self.parts) + "\n"


def title(chart: Chart) -> str:
    return f"{chart.indicator_name}, {chart.period_label}"


def header(svg: Svg, chart: Chart, subtitle: str) -> None:
    svg.text(LEFT, 24, title(chart), "title")
    svg.text(LEFT, 42, subtitle, "subtitle")
    svg.add(f'<text id="fl-selection" x="{LEFT}" y="57" class="selection"></text>')


def caption(svg: Svg, lines: Sequence[str]) -> None:
    for i, line in enumerate(lines):
        svg.text(LEFT, HEIGHT - 40 + 13 * i, line, "caption")


def axes(
    svg: Svg,
    x_ticks: Sequence[tuple[float, str]],
    y_ticks: Sequence[tuple[float, str]],
    x_label: str,
    y_label: str,
) -> None:
    bottom = TOP + PLOT_H
    grid = [f"M{LEFT} {n(y)}H{LEFT + PLOT_W}" for y, _ in y_ticks]
    grid += [f"M{n(x)} {TOP}V{bottom}" for x, _ in x_ticks]
    if grid:
        svg.add(f'<path class="grid" d="{"".join(grid)}"/>')
    svg.add(f'<path class="axis" d="M{LEFT} {TOP}V{bottom}H{LEFT + PLOT_W}"/>')
    for y, label in y_ticks:
        svg.text(LEFT - 6, y + 3.5, label, "tick", "end")
    for x, label in x_ticks:
        svg.text(x, bottom + 15, label, "tick", "middle")
    svg.text(LEFT + PLOT_W / 2, bottom + 34, x_label, "axis-label", "middle")
    mid = TOP + PLOT_H / 2
    label_lines = wrap(y_label, int(PLOT_H / 6.8), 2)
    for i, line in enumerate(label_lines):
        x = 16 + 14 * i + (7 if len(label_lines) == 1 else 0)
        svg.add(
            f'<text x="0" y="0" class="axis-label" text-anchor="middle" '
            f'transform="translate({x} {n(mid)}) rotate(-90)">{esc(line)}</text>'
        )


def legend(svg: Svg, items: Sequence[tuple[str, str, str]]) -> None:
    """Items (kind 'line', 'dot' or 'bar'; CSS class; label) in the right margin."""
    x0, y0 = LEFT + PLOT_W + 16, TOP + 4
    svg.add('<g class="legend">')
    for i, (kind, cls, label) in enumerate(items):
        y = y0 + 10 + i * 20
        if kind == "line":
            svg.add(f'<path class="{cls}" d="M{x0} {y}h24"/>')
        elif kind == "dot":
            r = {"key": 3.5, "key alert": 4.5}.get(cls, 5.5)
            svg.add(f'<g class="{cls}"><circle cx="{x0 + 12}" cy="{y}" r="{r}"/></g>')
        else:
            svg.add(f'<g class="{cls}"><rect x="{x0 + 6}" y="{y - 6}" width="12" height="12"/></g>')
        svg.text(x0 + 32, y + 4, label, "tick")
    svg.add("</g>")


# --- organisations -----------------------------------------------------------------------------


def org_group(org: Org, cls: str, tooltip: Sequence[str], shape: str) -> str:
    peers = " ".join(org.peers)
    tip = esc("\n".join(tooltip))
    return (
        f'<g id="{esc(org.code)}" class="{cls}" data-peers="{esc(peers)}">'
        f"<title>{tip}</title>{shape}</g>"
    )


def flag_classes(org: Org) -> str:
    return "org" if org.flag == "none" else f"org outlier {org.flag}"


def value_line(chart: Chart, org: Org) -> str:
    unit = f" {chart.unit}" if chart.unit else ""
    return f"Value: {fmt(org.value)}{unit}" if org.value is not None else "Value: no value"


def peer_note(chart: Chart) -> str:
    if not chart.peer_set_id:
        return "No peer set: opening the chart with #<organisation_code> marks that organisation."
    return (
        f"Open with #<organisation_code> to mark an organisation and outline its peers "
        f"(peer set {chart.peer_set_id})."
    )


# --- numbers, ticks, text ----------------------------------------------------------------------


def n(value: float) -> str:
    """A coordinate: one decimal, no '-0', no trailing '.0'."""
    text = f"{value:.1f}"
    if text in ("-0.0", "0.0"):
        return "0"
    return text[:-2] if text.endswith(".0") else text


def fmt(value: float | None) -> str:
    """A value for people: thousands separated, about four significant figures."""
    if value is None:
        return "no value"
    magnitude = abs(value)
    if magnitude >= 1000:
        text = f"{value:,.0f}"
    elif magnitude >= 100:
        text = f"{value:,.1f}"
    elif magnitude >= 10:
        text = f"{value:.2f}"
    elif magnitude >= 1:
        text = f"{value:.3f}"
    elif magnitude == 0:
        return "0"
    else:
        text = f"{value:.{max(3, 3 - math.floor(math.log10(magnitude)))}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


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


def tick_label(value: float, step: float, percent: bool = False) -> str:
    if percent:
        value, step = value * 100, step * 100
    decimals = next(d for d in range(12) if abs(step * 10**d - round(step * 10**d)) < 1e-6)
    text = f"{value:,.{decimals}f}"
    if text.startswith("-") and float(text.replace(",", "")) == 0:
        text = text[1:]
    return text + ("%" if percent else "")


def wrap(text: str, width: int, lines: int) -> list[str]:
    """Words into at most ``lines`` lines of about ``width`` characters, the last cut with '...'."""
    out: list[str] = []
    for word in text.split():
        if out and len(out[-1]) + 1 + len(word) <= width:
            out[-1] += " " + word
        else:
            out.append(word)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: width - 1].rstrip() + "\u2026"
    return [line if len(line) <= width else line[: width - 1] + "\u2026" for line in out]


def esc(text: object) -> str:
    return escape(str(text), quote=True)


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def type_words(organisation_type: str) -> str:
    return organisation_type.replace("_", " ")
