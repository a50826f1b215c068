"""The charts an earlier attachment wrote into the release, found on disk so the site embeds
exactly the files the release carries.

The charts attachment writes ``charts/<indicator>/<period>/<kind>.svg`` and, when an indicator x
period is compared for several organisation types, ``charts/<indicator>/<period>/<type>/<kind>.svg``
(kinds: ``funnel``, ``ski_slope``). Each chart serves every organisation in it: opened as
``<file>#<organisation_code>`` it highlights that organisation and outlines its peers. The trend
charts attachment writes one line chart per police force,
``charts/time_series/<indicator>/<organisation_code>.svg``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

CHARTS_DIR = "charts"
KINDS = ("funnel", "ski_slope")
KIND_TITLES = {"funnel": "Funnel plot", "ski_slope": "Ski-slope chart"}
TIME_SERIES_DIR = "time_series"
_VIEW_BOX = re.compile(rb'viewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)\s*"')


@dataclass(frozen=True)
class ChartFiles:
    """Release-relative paths of the chart files, keyed by (indicator, period, type, kind); the
    type is '' for a chart that is the only one of its indicator x period."""

    paths: dict[tuple[str, str, str, str], str]
    # each file's width and height (its viewBox), so a page reserves the chart's shape
    shapes: dict[str, tuple[str, str]] = field(default_factory=dict)
    # (indicator, organisation) -> its line chart over time
    time_series: dict[tuple[str, str], str] = field(default_factory=dict)

    def shape(self, path: str) -> tuple[str, str]:
        return self.shapes.get(path, ("4", "3"))

    def find(self, indicator: str, period: str, comparison_type: str, kind: str) -> str | None:
        return self.paths.get((indicator, period, comparison_type, kind)) or self.paths.get(
            (indicator, period, "", kind)
        )

    def __len__(self) -> int:
        return len(self.paths)


def chart_files(folder: Path) -> ChartFiles:
    """Every chart file under ``folder/charts``."""
    root = folder / CHARTS_DIR
    paths: dict[tuple[str, str, str, str], str] = {}
    shapes: dict[str, tuple[str, str]] = {}
    time_series: dict[tuple[str, str], str] = {}
    if not root.is_dir():
        return ChartFiles(paths)
    for file in sorted(root.rglob("*.svg")):
        parts = file.relative_to(root).parts
        kind = file.stem
        rel = file.relative_to(folder).as_posix()
        if len(parts) == 3 and parts[0] == TIME_SERIES_DIR:
            time_series[(parts[1], file.stem)] = rel
        elif kind not in KINDS or len(parts) not in (3, 4):
            continue
        else:
            comparison_type = parts[2] if len(parts) == 4 else ""
            paths[(parts[0], parts[1], comparison_type, kind)] = rel
        with file.open("rb") as handle:
            found = _VIEW_BOX.search(handle.read(4096))
        if found:
            shapes[rel] = (found.group(1).decode(), found.group(2).decode())
    return ChartFiles(paths, shapes, time_series)
