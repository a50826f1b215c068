"""Writing a release's charts: two SVG files per indicator x period, listed with their hashes."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import duckdb

from frontline_stats.report_card import CRIME_RATE
from orchestration.publish.attachment import ReleaseInfo
from orchestration.publish.charts.funnel import funnel_svg
from orchestration.publish.charts.marts import COMPARISON_TABLE, Chart, read_charts, tables
from orchestration.publish.charts.ski_slope import ski_slope_svg
from orchestration.publish.charts.svg import canvas_size
from orchestration.publish.charts.time_series import (
    TIME_SERIES_DIR,
    read_force_series,
    time_series_svg,
)

CHARTS_DIR = "charts"


def write_charts(
    con: duckdb.DuckDBPyConnection, folder: Path, info: ReleaseInfo | None = None
) -> list[dict[str, Any]]:
    """Write the charts of every indicator x period under ``folder/charts``; list what was written.

    Returns one entry per file, sorted by path: ``path`` (relative to ``folder``),
    ``indicator_code``, ``period_key``, ``kind`` (``funnel`` or ``ski_slope``), ``width`` and
    ``height`` (the canvas in pixels: the height grows with the lines the title and notes wrap
    onto, so a page embedding the chart can reserve its space), ``sha256`` and ``bytes``.
    Returns ``[]`` when the connection has no ``marts.rpt_indicator_comparison``.
    """
    marts = tables(con)
    if COMPARISON_TABLE not in marts:
        return []
    entries: list[dict[str, Any]] = []
    for chart in read_charts(con, marts):
        rel_dir = f"{CHARTS_DIR}/{chart.indicator_code}/{chart.period_key}{chart.folder_suffix}"
        for kind, text in _drawn(chart):
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
                    **dict(zip(("width", "height"), canvas_size(text), strict=True)),
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "bytes": len(data),
                }
            )
    return sorted(entries, key=lambda e: e["path"])


def write_time_series(
    con: duckdb.DuckDBPyConnection, folder: Path, info: ReleaseInfo | None = None
) -> list[dict[str, Any]]:
    """Write each police force's crime-rate line chart (``time_series``) under
    ``folder/charts/time_series/<indicator_code>/<force_code>.svg``; list what was written (as
    ``write_charts``, with ``organisation_code`` and the latest ``period_key`` in each entry)."""
    all_series, rate = read_force_series(con)
    entries: list[dict[str, Any]] = []
    for series in all_series:
        text = time_series_svg(series, rate) if rate is not None else None
        if text is None:
            continue
        rel = f"{CHARTS_DIR}/{TIME_SERIES_DIR}/{CRIME_RATE}/{series.code}.svg"
        data = text.encode("utf-8")
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        entries.append(
            {
                "path": rel,
                "indicator_code": CRIME_RATE,
                "organisation_code": series.code,
                "period_key": series.latest_period_key,
                "kind": "time_series",
                **dict(zip(("width", "height"), canvas_size(text), strict=True)),
                "sha256": hashlib.sha256(data).hexdigest(),
                "bytes": len(data),
            }
        )
    return sorted(entries, key=lambda e: e["path"])


def _drawn(chart: Chart) -> list[tuple[str, str]]:
    """(kind, SVG text) of the chart's files: the funnel plot when the indicator has one."""
    outputs = []
    if chart.funnel_method is not None and chart.target is not None:
        funnel = funnel_svg(chart)
        if funnel is not None:
            outputs.append(("funnel", funnel))
    ski = ski_slope_svg(chart)
    if ski is not None:
        outputs.append(("ski_slope", ski))
    return outputs
