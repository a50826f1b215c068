"""Charts for a release: a funnel plot and a ski slope per indicator x period, as SVG files.

``write_charts(con, folder)`` reads ``marts.rpt_indicator_comparison`` (and, for the peer lists,
``marts.rpt_peer_groups``) through ``con`` and writes, for every indicator x period:

- ``charts/<indicator_code>/<period_key>/funnel.svg``: the funnel plot (Spiegelhalter). x is
  ``funnel_x`` (the denominator for a proportion, the expected count for a ratio), y is ``funnel_y``
  (the proportion, or the ratio O/E). The target line and the 95% and 99.8% limits are drawn as
  curves over the whole x range, computed from ``funnel_target`` and ``funnel_tau2`` (0 when the
  mart has no such column) with the formulas of the comparison mart (design/methods.md):
  proportions ``sin^2(theta +- z * sqrt(1/(4n) + tau^2))`` with ``theta = asin(sqrt(target))``,
  ratios ``target * exp(+- z * sqrt(1/E + tau^2))``. Points are coloured by the mart's own
  ``outlier_flag``. Not written when the indicator has no ``funnel_method``.
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
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape
from pathlib import Path
from typing import Any

import duckdb

Z95 = 1.959964
Z998 = 3.090232
CHARTS_DIR = "charts"
COMPARISON_TABLE = "rpt_indicator_comparison"
PEER_GROUPS_TABLE = "rpt_peer_groups"
DEFAULT_PEER_SET_TYPE = "nearest_neighbours"

_SAFE_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
_FLAG_ORDER = {"none": 0, "alert": 1, "alarm": 2}
_FLAG_TEXT = {
    "alarm": "alarm (outside the 99.8% limits)",
    "alert": "alert (outside the 95% limits)",
    "none": "none (within the 95% limits)",
}

# --- geometry: one canvas for both charts -------------------------------------------------------

WIDTH, HEIGHT = 860, 540
LEFT, RIGHT, TOP, BOTTOM = 88, 190, 64, 92  # margins; the legend sits in the right margin
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
CURVE_SAMPLES = 120

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
class _Org:
    code: str
    name: str
    value: float | None
    numerator: float | None
    denominator: float | None
    national_rank: int | None
    x: float | None
    y: float | None
    flag: str
    peers: tuple[str, ...]


@dataclass(frozen=True)
class _Chart:
    """One indicator x period x organisation type: what both of its charts show."""

    indicator_code: str
    indicator_name: str
    unit: str
    polarity: str | None
    period_key: str
    period_label: str
    organisation_type: str
    funnel_method: str | None
    target: float | None
    tau2: float | None
    tau2_known: bool
    national_value: float | None
    peer_set_id: str | None
    peer_set_type: str | None
    orgs: tuple[_Org, ...]
    # '/<organisation type>' when the indicator x period is compared for several types
    folder_suffix: str = ""


def write_charts(con: duckdb.DuckDBPyConnection, folder: Path) -> list[dict[str, Any]]:
    """Write the charts of every indicator x period under ``folder/charts``; list what was written.

    Returns one entry per file, sorted by path: ``path`` (relative to ``folder``),
    ``indicator_code``, ``period_key``, ``kind`` (``funnel`` or ``ski_slope``), ``sha256`` and
    ``bytes``. Returns ``[]`` when the connection has no ``marts.rpt_indicator_comparison``.
    """
    tables = _tables(con)
    if COMPARISON_TABLE not in tables:
        return []
    charts = _read_charts(con, tables)
    entries: list[dict[str, Any]] = []
    for chart in charts:
        rel_dir = f"{CHARTS_DIR}/{chart.indicator_code}/{chart.period_key}{chart.folder_suffix}"
        outputs = []
        if chart.funnel_method is not None and chart.target is not None:
            funnel = _funnel_svg(chart)
            if funnel is not None:
                outputs.append(("funnel", funnel))
        ski = _ski_slope_svg(chart)
        if ski is not None:
            outputs.append(("ski_slope", ski))
        for kind, text in outputs:
            rel = f"{rel_dir}/{kind}.svg"
            data = text.encode("utf-8")
            target = folder / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            entries.append(
                {
                    "path": rel,
                    "indicator_code": chart.indicator_code,
                    "period_key": chart.period_key,
                    "kind": kind,
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "bytes": len(data),
                }
            )
    return sorted(entries, key=lambda e: e["path"])


# --- reading the marts -------------------------------------------------------------------------


def _tables(con: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    """The marts tables of the connection's own database, with their columns."""
    rows = con.execute(
        "select table_name, column_name from information_schema.columns "
        "where table_catalog = current_database() and table_schema = 'marts'"
    ).fetchall()
    tables: dict[str, set[str]] = {}
    for table, column in rows:
        tables.setdefault(table, set()).add(column)
    return tables


_COMPARISON_COLUMNS = [
    "indicator_code",
    "period_key",
    "organisation_code",
    "peer_set_id",
    "peer_set_type",
    "organisation_name",
    "organisation_type",
    "period_label",
    "indicator_name",
    "unit",
    "polarity",
    "value",
    "numerator",
    "denominator",
    "national_value",
    "national_rank",
    "funnel_method",
    "funnel_x",
    "funnel_y",
    "funnel_target",
    "outlier_flag",
]


def _read_charts(con: duckdb.DuckDBPyConnection, tables: dict[str, set[str]]) -> list[_Chart]:
    has_tau2 = "funnel_tau2" in tables[COMPARISON_TABLE]
    columns = ", ".join(_COMPARISON_COLUMNS)
    tau2 = "funnel_tau2" if has_tau2 else "cast(null as double)"
    cursor = con.execute(
        f"select {columns}, {tau2} as funnel_tau2 from marts.{COMPARISON_TABLE} "
        "order by indicator_code, period_key, organisation_code, peer_set_id nulls last"
    )
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, map(_plain, row), strict=True)) for row in cursor.fetchall()]

    # one chart per indicator x period x organisation type: schools and councils (say) reporting
    # the same indicator are compared apart, never in one funnel
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for row in rows:
        if row["indicator_code"] is None or row["period_key"] is None:
            continue
        key = (row["indicator_code"], row["period_key"], row["organisation_type"] or "")
        groups.setdefault(key, []).append(row)
    types_per_period: dict[tuple[str, str], int] = {}
    for indicator, period, _ in groups:
        types_per_period[(indicator, period)] = types_per_period.get((indicator, period), 0) + 1

    defaults = {key: _default_peer_set(group) for key, group in groups.items()}
    peers = _peer_lists(con, tables, {p[0] for p in defaults.values() if p[0] is not None})
    return [
        _chart(
            indicator,
            period,
            group,
            defaults[(indicator, period, kind)],
            peers,
            has_tau2,
            one_of_several_types=types_per_period[(indicator, period)] > 1,
        )
        for (indicator, period, kind), group in sorted(groups.items())
    ]


def _plain(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value


def _default_peer_set(group: Sequence[dict[str, Any]]) -> tuple[str | None, str | None]:
    sets = sorted({(r["peer_set_id"], r["peer_set_type"]) for r in group if r["peer_set_id"]})
    preferred = [s for s in sets if s[1] == DEFAULT_PEER_SET_TYPE]
    if preferred:
        return preferred[0]
    return sets[0] if sets else (None, None)


def _peer_lists(
    con: duckdb.DuckDBPyConnection, tables: dict[str, set[str]], peer_sets: set[str]
) -> dict[tuple[str, str], tuple[str, ...]]:
    if PEER_GROUPS_TABLE not in tables or not peer_sets:
        return {}
    rows = con.execute(
        f"select peer_set_id, organisation_code, peer_code from marts.{PEER_GROUPS_TABLE} "
        "where peer_set_id in (select unnest(?::varchar[])) and peer_code is not null "
        "order by peer_set_id, organisation_code, peer_rank nulls last, peer_code",
        [sorted(peer_sets)],
    ).fetchall()
    lists: dict[tuple[str, str], list[str]] = {}
    for peer_set_id, organisation_code, peer_code in rows:
        codes = lists.setdefault((peer_set_id, organisation_code), [])
        if peer_code not in codes:
            codes.append(peer_code)
    return {key: tuple(codes) for key, codes in lists.items()}


def _first(group: Iterable[dict[str, Any]], column: str) -> Any:
    return next((r[column] for r in group if r[column] is not None), None)


def _chart(
    indicator: str,
    period: str,
    group: list[dict[str, Any]],
    peer_set: tuple[str | None, str | None],
    peers: dict[tuple[str, str], tuple[str, ...]],
    has_tau2: bool,
    one_of_several_types: bool = False,
) -> _Chart:
    for segment, what in ((indicator, "indicator_code"), (period, "period_key")):
        if not _SAFE_SEGMENT.match(segment):
            raise ValueError(
                f"{COMPARISON_TABLE}: {what} {segment!r} cannot name a chart folder "
                "(letters, digits, '_', '.', '-' only)"
            )
    types = sorted({r["organisation_type"] for r in group if r["organisation_type"] is not None})
    if one_of_several_types and types and not _SAFE_SEGMENT.match(types[0]):
        raise ValueError(
            f"{COMPARISON_TABLE}: organisation_type {types[0]!r} cannot name a chart folder "
            "(letters, digits, '_', '.', '-' only)"
        )
    peer_set_id, peer_set_type = peer_set
    by_org: dict[str, dict[str, Any]] = {}
    for row in group:  # one row per organisation: the default peer set's, else the first
        code = row["organisation_code"]
        if code is None:
            continue
        if code not in by_org or (
            row["peer_set_id"] == peer_set_id and by_org[code]["peer_set_id"] != peer_set_id
        ):
            by_org[code] = row
    orgs = tuple(
        _Org(
            code=code,
            name=row["organisation_name"] or code,
            value=_finite(row["value"]),
            numerator=_finite(row["numerator"]),
            denominator=_finite(row["denominator"]),
            national_rank=row["national_rank"],
            x=_finite(row["funnel_x"]),
            y=_finite(row["funnel_y"]),
            flag=row["outlier_flag"] if row["outlier_flag"] in _FLAG_ORDER else "none",
            peers=peers.get((peer_set_id, code), ()) if peer_set_id else (),
        )
        for code, row in sorted(by_org.items())
    )
    tau2 = _finite(_first(group, "funnel_tau2"))
    return _Chart(
        indicator_code=indicator,
        indicator_name=_first(group, "indicator_name") or indicator,
        unit=_first(group, "unit") or "",
        polarity=_first(group, "polarity"),
        period_key=period,
        period_label=_first(group, "period_label") or period,
        organisation_type=types[0] if types else "organisation",
        funnel_method=_first(group, "funnel_method"),
        target=_finite(_first(group, "funnel_target")),
        tau2=tau2,
        tau2_known=has_tau2 and tau2 is not None,
        national_value=_finite(_first(group, "national_value")),
        peer_set_id=peer_set_id,
        peer_set_type=peer_set_type,
        orgs=orgs,
        folder_suffix=f"/{types[0]}" if one_of_several_types and types else "",
    )


def _finite(value: Any) -> float | None:
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


# --- the statistics of the curves --------------------------------------------------------------


def funnel_limit(method: str, target: float, x: float, z: float, tau2: float = 0.0) -> float:
    """The funnel limit at x: z > 0 gives the upper limit, z < 0 the lower (design/methods.md)."""
    if method == "proportion":
        theta = math.asin(math.sqrt(min(max(target, 0.0), 1.0)))
        angle = theta + z * math.sqrt(1.0 / (4.0 * x) + tau2)
        return math.sin(min(max(angle, 0.0), math.pi / 2)) ** 2
    if method == "ratio":
        return target * math.exp(min(z * math.sqrt(1.0 / x + tau2), 50.0))
    raise ValueError(f"unknown funnel_method {method!r}")


# --- numbers, ticks, text ----------------------------------------------------------------------


def _n(value: float) -> str:
    """A coordinate: one decimal, no '-0', no trailing '.0'."""
    text = f"{value:.1f}"
    if text in ("-0.0", "0.0"):
        return "0"
    return text[:-2] if text.endswith(".0") else text


def _fmt(value: float | None) -> str:
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


def _nice_ticks(lo: float, hi: float) -> tuple[float, float, float, list[float]]:
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


def _tick_label(value: float, step: float, percent: bool = False) -> str:
    if percent:
        value, step = value * 100, step * 100
    decimals = next(d for d in range(12) if abs(step * 10**d - round(step * 10**d)) < 1e-6)
    text = f"{value:,.{decimals}f}"
    if text.startswith("-") and float(text.replace(",", "")) == 0:
        text = text[1:]
    return text + ("%" if percent else "")


def _esc(text: object) -> str:
    return escape(str(text), quote=True)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _type_words(organisation_type: str) -> str:
    return organisation_type.replace("_", " ")


# --- the SVG documents -------------------------------------------------------------------------


class _Svg:
    def __init__(self, chart: _Chart, kind: str, description: str) -> None:
        peer_set = chart.peer_set_id or ""
        self.parts: list[str] = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
            f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="fl-title fl-desc" '
            f'data-chart="{kind}" data-indicator="{_esc(chart.indicator_code)}" '
            f'data-period="{_esc(chart.period_key)}" data-peer-set="{_esc(peer_set)}">',
            f'<title id="fl-title">{_esc(_title(chart))}</title>',
            f'<desc id="fl-desc">{_esc(description)}</desc>',
            f"<style>{_STYLE}</style>",
            f'<rect class="bg" width="{WIDTH}" height="{HEIGHT}"/>',
        ]

    def add(self, *parts: str) -> None:
        self.parts.extend(parts)

    def text(self, x: float, y: float, content: str, cls: str, anchor: str = "start") -> None:
        extra = f' text-anchor="{anchor}"' if anchor != "start" else ""
        self.parts.append(
            f'<text x="{_n(x)}" y="{_n(y)}" class="{cls}"{extra}>{_esc(content)}</text>'
        )

    def close(self) -> str:
        self.parts.append(f"<script><![CDATA[{_SCRIPT}]]></script>")
        self.parts.append("</svg>")
        return "\n".join(self.parts) + "\n"


def _title(chart: _Chart) -> str:
    return f"{chart.indicator_name}, {chart.period_label}"


def _header(svg: _Svg, chart: _Chart, subtitle: str) -> None:
    svg.text(LEFT, 24, _title(chart), "title")
    svg.text(LEFT, 42, subtitle, "subtitle")
    svg.add(f'<text id="fl-selection" x="{LEFT}" y="57" class="selection"></text>')


def _caption(svg: _Svg, lines: Sequence[str]) -> None:
    for i, line in enumerate(lines):
        svg.text(LEFT, HEIGHT - 40 + 13 * i, line, "caption")


def _wrap(text: str, width: int, lines: int) -> list[str]:
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


def _peer_note(chart: _Chart) -> str:
    if not chart.peer_set_id:
        return "No peer set: opening the chart with #<organisation_code> marks that organisation."
    return (
        f"Open with #<organisation_code> to mark an organisation and outline its peers "
        f"(peer set {chart.peer_set_id})."
    )


def _org_group(org: _Org, cls: str, tooltip: Sequence[str], shape: str) -> str:
    peers = " ".join(org.peers)
    title = _esc("\n".join(tooltip))
    return (
        f'<g id="{_esc(org.code)}" class="{cls}" data-peers="{_esc(peers)}">'
        f"<title>{title}</title>{shape}</g>"
    )


def _flag_classes(org: _Org) -> str:
    return "org" if org.flag == "none" else f"org outlier {org.flag}"


def _value_line(chart: _Chart, org: _Org) -> str:
    unit = f" {chart.unit}" if chart.unit else ""
    return f"Value: {_fmt(org.value)}{unit}" if org.value is not None else "Value: no value"


def _funnel_svg(chart: _Chart) -> str | None:
    method = chart.funnel_method
    target = chart.target
    if method not in ("proportion", "ratio") or target is None:
        return None
    points = [o for o in chart.orgs if o.x is not None and o.y is not None and o.x > 0]
    if not points:
        return None
    tau2 = chart.tau2 or 0.0
    proportion = method == "proportion"

    # axes: x from 0; y around the points and the target, with the limits where the data start
    x_max = max(o.x for o in points)
    _, x_end, x_step, x_ticks = _nice_ticks(0.0, x_max * 1.03)
    ys = [o.y for o in points] + [target]
    data_lo, data_hi = min(ys), max(ys)
    span = (data_hi - data_lo) or (abs(target) * 0.2 or 0.1)
    x_first = min(o.x for o in points)
    lo = min(data_lo, funnel_limit(method, target, x_first, -Z998, tau2))
    hi = max(data_hi, funnel_limit(method, target, x_first, Z998, tau2))
    lo, hi = max(lo, data_lo - span * 0.6), min(hi, data_hi + span * 0.6)
    lo = max(lo, 0.0)
    if proportion:
        hi = min(hi, 1.0)
    y_start, y_end, y_step, y_ticks = _nice_ticks(lo, hi)

    def px(x: float) -> float:
        return LEFT + PLOT_W * x / x_end

    def py(y: float) -> float:
        return TOP + PLOT_H * (1 - (y - y_start) / (y_end - y_start))

    x_label = "Denominator (n)" if proportion else "Expected count (E)"
    y_label = f"{chart.indicator_name} ({'proportion' if proportion else 'observed / expected'})"
    adjusted = tau2 > 0
    if chart.tau2_known:
        tau_note = (
            f"overdispersion-adjusted (\u03c4\u00b2 = {_fmt(tau2)}, from funnel_tau2)"
            if adjusted
            else "no overdispersion found (\u03c4\u00b2 = 0, from funnel_tau2)"
        )
    else:
        tau_note = "not adjusted for overdispersion (\u03c4\u00b2 = 0: no funnel_tau2 in the mart)"
    formula = (
        "sin\u00b2(\u03b8 \u00b1 z\u221a(1/(4n) + \u03c4\u00b2)), \u03b8 = asin(\u221atarget)"
        if proportion
        else "target \u00d7 exp(\u00b1 z\u221a(1/E + \u03c4\u00b2))"
    )
    target_text = f"{_tick_label(target, 0.0001, True)}" if proportion else _fmt(target)
    counts = _flag_counts(points)
    description = (
        f"Funnel plot of {chart.indicator_name} for {chart.period_label}: "
        f"{_plural(len(points), _type_words(chart.organisation_type))}; x is the "
        f"{'denominator' if proportion else 'expected count'}, y the "
        f"{'proportion' if proportion else 'ratio of observed to expected'}. Target "
        f"{target_text}; 95% (z = {Z95}) and 99.8% (z = {Z998}) limits {formula}, {tau_note}. "
        f"{counts['alarm']} alarm (outside 99.8%), {counts['alert']} alert (outside 95%). "
        f"{_peer_note(chart)}"
    )
    svg = _Svg(chart, "funnel", description)
    _header(
        svg,
        chart,
        f"Funnel plot: {_plural(len(points), _type_words(chart.organisation_type))}, "
        f"{counts['alarm']} alarm, {counts['alert']} alert",
    )
    svg.add(
        "<defs>",
        f'<clipPath id="fl-plot"><rect x="{LEFT}" y="{TOP}" width="{PLOT_W}" '
        f'height="{PLOT_H}"/></clipPath>',
        "</defs>",
    )
    _axes(
        svg,
        [(px(t), _tick_label(t, x_step)) for t in x_ticks],
        [(py(t), _tick_label(t, y_step, proportion)) for t in y_ticks],
        x_label,
        y_label,
    )

    # the target and the limits, clipped to the plot area
    svg.add('<g clip-path="url(#fl-plot)">')
    svg.add(f'<path class="target" d="M{_n(px(0))} {_n(py(target))}H{_n(px(x_end))}"/>')
    xs = [x_end * (i / CURVE_SAMPLES) ** 2 for i in range(1, CURVE_SAMPLES + 1)]
    for cls, z in (("limit95", Z95), ("limit998", Z998)):
        for sign in (1, -1):
            coords = []
            for x in xs:
                y = py(funnel_limit(method, target, x, sign * z, tau2))
                coords.append(f"{_n(px(x))} {_n(min(max(y, TOP - 40), TOP + PLOT_H + 40))}")
            svg.add(f'<path class="{cls}" d="M{"L".join(coords)}"/>')
    svg.add("</g>")

    # the organisations: within limits first, then alerts, then alarms on top
    svg.add('<g class="orgs">')
    ordered = sorted(points, key=lambda o: (_FLAG_ORDER[o.flag], o.code))
    radius = {"none": 3.5, "alert": 4.5, "alarm": 5.5}
    for org in ordered:
        tooltip = [
            f"{org.name} ({org.code})",
            _value_line(chart, org),
            (
                f"{'Proportion' if proportion else 'Ratio O/E'}: "
                f"{_tick_label(org.y, 0.001, True) if proportion else _fmt(org.y)} "
                f"at {'n' if proportion else 'E'} = {_fmt(org.x)}"
            ),
            f"Outlier flag: {_FLAG_TEXT[org.flag]}",
        ]
        shape = f'<circle cx="{_n(px(org.x))}" cy="{_n(py(org.y))}" r="{radius[org.flag]}"/>'
        svg.add(_org_group(org, _flag_classes(org), tooltip, shape))
    svg.add("</g>")

    _legend(
        svg,
        [
            ("line", "target", f"Target ({target_text})"),
            ("line", "limit95", "95% limits"),
            ("line", "limit998", "99.8% limits"),
            ("dot", "key", "Within 95% limits"),
            ("dot", "key alert", "Alert: outside 95%"),
            ("dot", "key alarm", "Alarm: outside 99.8%"),
        ],
    )
    _caption(
        svg,
        [
            f"Funnel limits 95% and 99.8% (Spiegelhalter), {tau_note}.",
            f"{'Proportion' if proportion else 'Ratio O/E (log method)'}: limits {formula}; "
            "points coloured by the comparison mart's outlier flag.",
            _peer_note(chart),
        ],
    )
    return svg.close()


def _flag_counts(orgs: Iterable[_Org]) -> dict[str, int]:
    counts = dict.fromkeys(_FLAG_ORDER, 0)
    for org in orgs:
        counts[org.flag] += 1
    return counts


def _ski_slope_svg(chart: _Chart) -> str | None:
    bars = [o for o in chart.orgs if o.value is not None]
    if not bars:
        return None
    lower_first = chart.polarity == "lower_is_better"
    bars.sort(key=lambda o: (o.value if lower_first else -o.value, o.code))
    values = [o.value for o in bars] + [0.0]
    if chart.national_value is not None:
        values.append(chart.national_value)
    y_start, y_end, y_step, y_ticks = _nice_ticks(min(values), max(values) * 1.02)

    def py(y: float) -> float:
        return TOP + PLOT_H * (1 - (y - y_start) / (y_end - y_start))

    order_words = {
        "higher_is_better": "best (highest) on the left",
        "lower_is_better": "best (lowest) on the left",
    }.get(chart.polarity or "", "highest on the left (no better direction)")
    unit = f" ({chart.unit})" if chart.unit else ""
    type_words = _type_words(chart.organisation_type)
    national = (
        f"national value {_fmt(chart.national_value)}"
        if chart.national_value is not None
        else "no national value"
    )
    description = (
        f"Ranked bar chart (ski slope) of {chart.indicator_name} for {chart.period_label}: "
        f"{_plural(len(bars), type_words)} with a value, {order_words}; {national}. "
        f"{_peer_note(chart)}"
    )
    svg = _Svg(chart, "ski_slope", description)
    _header(svg, chart, f"Ranked values: {_plural(len(bars), type_words)}, {order_words}")
    _axes(
        svg,
        [],
        [(py(t), _tick_label(t, y_step)) for t in y_ticks],
        f"{_plural(len(bars), type_words)}, ranked",
        f"{chart.indicator_name}{unit}",
    )
    step = PLOT_W / len(bars)
    width = step * (0.8 if step >= 3 else 1.0)
    base = py(0.0)
    svg.add('<g class="orgs">')
    for i, org in enumerate(bars):
        top, bottom = sorted((py(org.value), base))
        x = LEFT + i * step + (step - width) / 2
        tooltip = [f"{org.name} ({org.code})", _value_line(chart, org)]
        if org.national_rank is not None:
            tooltip.append(f"National rank: {org.national_rank}")
        if chart.funnel_method is not None:
            tooltip.append(f"Outlier flag: {_FLAG_TEXT[org.flag]}")
        shape = (
            f'<rect x="{x:.2f}" y="{_n(top)}" width="{width:.2f}" '
            f'height="{_n(max(bottom - top, 0.5))}"/>'
        )
        svg.add(_org_group(org, _flag_classes(org), tooltip, shape))
    svg.add("</g>")
    svg.add(f'<path class="axis" d="M{LEFT} {_n(base)}H{LEFT + PLOT_W}"/>')
    legend: list[tuple[str, str, str]] = [("bar", "key", type_words.capitalize())]
    if chart.funnel_method is not None:
        legend += [
            ("bar", "key alert", "Alert: outside 95%"),
            ("bar", "key alarm", "Alarm: outside 99.8%"),
        ]
    if chart.national_value is not None:
        y = py(chart.national_value)
        svg.add(f'<path class="national" d="M{LEFT} {_n(y)}H{LEFT + PLOT_W}"/>')
        legend.insert(0, ("line", "national", f"National ({_fmt(chart.national_value)})"))
    _legend(svg, legend)
    _caption(
        svg,
        [
            f"Bars sorted by value, {order_words}; colours mark the funnel plot's outliers."
            if chart.funnel_method is not None
            else f"Bars sorted by value, {order_words}.",
            _peer_note(chart),
        ],
    )
    return svg.close()


def _axes(
    svg: _Svg,
    x_ticks: Sequence[tuple[float, str]],
    y_ticks: Sequence[tuple[float, str]],
    x_label: str,
    y_label: str,
) -> None:
    bottom = TOP + PLOT_H
    grid = [f"M{LEFT} {_n(y)}H{LEFT + PLOT_W}" for y, _ in y_ticks]
    grid += [f"M{_n(x)} {TOP}V{bottom}" for x, _ in x_ticks]
    if grid:
        svg.add(f'<path class="grid" d="{"".join(grid)}"/>')
    svg.add(f'<path class="axis" d="M{LEFT} {TOP}V{bottom}H{LEFT + PLOT_W}"/>')
    for y, label in y_ticks:
        svg.text(LEFT - 6, y + 3.5, label, "tick", "end")
    for x, label in x_ticks:
        svg.text(x, bottom + 15, label, "tick", "middle")
    svg.text(LEFT + PLOT_W / 2, bottom + 34, x_label, "axis-label", "middle")
    mid = TOP + PLOT_H / 2
    label_lines = _wrap(y_label, int(PLOT_H / 6.8), 2)
    for i, line in enumerate(label_lines):
        x = 16 + 14 * i + (7 if len(label_lines) == 1 else 0)
        svg.add(
            f'<text x="0" y="0" class="axis-label" text-anchor="middle" '
            f'transform="translate({x} {_n(mid)}) rotate(-90)">{_esc(line)}</text>'
        )


def _legend(svg: _Svg, items: Sequence[tuple[str, str, str]]) -> None:
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
