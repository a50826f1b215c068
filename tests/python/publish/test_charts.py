"""Charts in a release: a funnel plot and a ski slope per indicator x period, as SVG files."""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import duckdb
import pytest

from frontline_stats.compare.funnel import Z95, Z998
from orchestration.paths import FrontlinePaths
from orchestration.publish import PublicationError, publish_release
from orchestration.publish.attachment import Attachment, ReleaseInfo
from orchestration.publish.charts import CHARTS, write_charts
from orchestration.publish.charts.axis_range import robust_span
from orchestration.publish.charts.svg import PAD, STYLE, TITLE, WIDTH
from orchestration.publish.charts.text import SAFETY, shorten, text_width, wrap
from orchestration.publish.charts.units import units_for
from orchestration.publish.words import counted, sentence_case, type_name

from .conftest import MARTS, SOURCES, passing_check, sha256
from .test_release import RELEASE_ID

SVG = "{http://www.w3.org/2000/svg}"
PERIODS = [("YE2019-03", "year ending March 2019"), ("YE2019-12", "year ending December 2019")]
# 8 forces; the last has no value in any indicator (shown as a status symbol, never charted)
ORGS = [(f"E230000{i:02d}", f"Force {chr(64 + i)}") for i in range(1, 9)]
NO_VALUE = "E23000008"
# (numerator, denominator) per organisation: denominators from 150 to 3,000 so the funnel narrows
PROPORTION = [(420, 600), (88, 150), (1500, 3000), (1010, 1500), (590, 1000), (240, 400),
              (560, 800)]  # fmt: skip
RATIO = [(130.0, 100.0), (30.0, 40.0), (260.0, 250.0), (15.0, 20.0), (420.0, 500.0), (75.0, 60.0),
         (1.0, 8.0)]  # fmt: skip
RATE = [2.1, 3.4, 1.8, 2.9, 2.2, 4.0, 3.1]
INDICATORS = {
    "victim_satisfaction": ("Victims satisfied with the service", "percent", "higher_is_better"),
    "crime_ratio": ("Recorded crime, observed against expected", "ratio", "lower_is_better"),
    "officers_per_1000": ("Police officers per 1000 population", "officers per 1000", None),
}
PEER_SETS = [("nn_police_3", "nearest_neighbours"), ("all_forces", "same_type")]


def limits(method: str, target: float, x: float, tau2: float) -> dict[str, float]:
    """Spiegelhalter limits, written out here independently of the engine (the published
    funnel_lower_95 ... funnel_upper_998 of the fixture)."""
    if method == "proportion":
        theta, s = math.asin(math.sqrt(target)), math.sqrt(1 / (4 * x) + tau2)
        limit = lambda z: math.sin(min(max(theta + z * s, 0), math.pi / 2)) ** 2  # noqa: E731
    else:
        s = math.sqrt(1 / x + tau2)
        limit = lambda z: target * math.exp(z * s)  # noqa: E731
    return {
        "funnel_lower_95": limit(-Z95),
        "funnel_upper_95": limit(Z95),
        "funnel_lower_998": limit(-Z998),
        "funnel_upper_998": limit(Z998),
    }


def flag(method: str, target: float, x: float, y: float, tau2: float) -> str:
    bounds = limits(method, target, x, tau2)
    if not bounds["funnel_lower_998"] <= y <= bounds["funnel_upper_998"]:
        return "alarm"
    if not bounds["funnel_lower_95"] <= y <= bounds["funnel_upper_95"]:
        return "alert"
    return "none"


def comparison_rows(tau2: float = 0.0, peer_sets: list[tuple[str, str]] = PEER_SETS) -> list[dict]:
    rows = []
    for period_index, (period_key, period_label) in enumerate(PERIODS):
        shift = 1 + 0.03 * period_index  # the second period differs a little
        for code, (name, unit, polarity) in INDICATORS.items():
            if code == "victim_satisfaction":
                pairs = [(min(round(o * shift), d), d) for o, d in PROPORTION]
                target = sum(o for o, _ in pairs) / sum(d for _, d in pairs)
                method, national = "proportion", 100 * target
            elif code == "crime_ratio":
                pairs = [(o * shift, e) for o, e in RATIO]
                target, method, national = 1.0, "ratio", 1.0
            else:
                pairs = [(r * shift, 1.0) for r in RATE]
                target, method, national = None, None, sum(RATE) / len(RATE) * shift
            values = []
            for i, (org, org_name) in enumerate(ORGS):
                if org == NO_VALUE:
                    values.append((org, org_name, None, None, None))
                    continue
                numerator, denominator = pairs[i]
                value = numerator / denominator * (100 if unit == "percent" else 1)
                values.append((org, org_name, value, numerator, denominator))
            ranked = sorted(
                (v[2] for v in values if v[2] is not None), reverse=polarity != "lower_is_better"
            )
            for org, org_name, value, numerator, denominator in values:
                x = y = None
                outlier = None
                published = dict.fromkeys(
                    ("funnel_lower_95", "funnel_upper_95", "funnel_lower_998", "funnel_upper_998")
                )
                if method and value is not None:
                    x, y = denominator, numerator / denominator
                    outlier = flag(method, target, x, y, tau2)
                    published = limits(method, target, x, tau2)
                for peer_set_id, peer_set_type in peer_sets:
                    row = {
                        "organisation_code": org,
                        "organisation_name": org_name,
                        "comparison_type": "police_force_area",
                        "period_key": period_key,
                        "period_label": period_label,
                        "indicator_code": code,
                        "indicator_name": name,
                        "unit": unit,
                        "polarity": polarity,
                        "peer_set_id": peer_set_id,
                        "peer_set_type": peer_set_type,
                        "value": value,
                        "numerator": numerator,
                        "denominator": denominator,
                        "peer_median": None,
                        "national_value": national,
                        "national_rank": None if value is None else ranked.index(value) + 1,
                        "quartile_band": None,
                        "funnel_method": method,
                        "funnel_x": x,
                        "funnel_y": y,
                        "funnel_target": target,
                        **published,
                        "outlier_flag": outlier,
                    }
                    if tau2:
                        row["funnel_tau2"] = tau2 if method else None
                    rows.append(row)
    return rows


def peer_rows(peer_sets: list[tuple[str, str]] = PEER_SETS) -> list[tuple[str, str, str, int]]:
    codes = [c for c, _ in ORGS]
    rows = []
    for peer_set_id, _ in peer_sets:
        for i, code in enumerate(codes):
            others = [codes[(i + k) % len(codes)] for k in range(1, len(codes))]
            chosen = others[:3] if peer_set_id.startswith("nn") else others
            # ranks deliberately not in code order
            rows += [(peer_set_id, code, peer, rank) for rank, peer in enumerate(chosen[::-1], 1)]
    return rows


COLUMN_TYPES = {
    "value": "double",
    "numerator": "double",
    "denominator": "double",
    "peer_median": "double",
    "national_value": "double",
    "national_rank": "integer",
    "funnel_x": "double",
    "funnel_y": "double",
    "funnel_target": "double",
    "funnel_lower_95": "double",
    "funnel_upper_95": "double",
    "funnel_lower_998": "double",
    "funnel_upper_998": "double",
    "funnel_tau2": "double",
}


def load_comparison(
    con: duckdb.DuckDBPyConnection,
    rows: list[dict[str, Any]],
    peers: list[tuple[str, str, str, int]],
) -> None:
    con.execute("create schema if not exists marts")
    columns = list(rows[0])
    ddl = ", ".join(f"{c} {COLUMN_TYPES.get(c, 'varchar')}" for c in columns)
    con.execute(f"create or replace table marts.rpt_indicator_comparison ({ddl})")
    con.executemany(
        f"insert into marts.rpt_indicator_comparison values ({', '.join('?' * len(columns))})",
        [[r[c] for c in columns] for r in rows],
    )
    con.execute(
        "create or replace table marts.rpt_peer_groups "
        "(peer_set_id varchar, organisation_code varchar, peer_code varchar, peer_rank integer)"
    )
    con.executemany("insert into marts.rpt_peer_groups values (?, ?, ?, ?)", peers)


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    load_comparison(connection, comparison_rows(), peer_rows())
    yield connection
    connection.close()


def parse(path: Path) -> ET.Element:
    return ET.parse(path).getroot()


def orgs(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if "org" in g.get("class", "").split()]


def plot_box(root: ET.Element) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of the plot area, as the chart states it for its script."""
    left, top, right, bottom = map(float, root.get("data-plot").split())
    return left, top, right, bottom


def path_points(d: str) -> list[tuple[float, float]]:
    """The vertices of a path made of M, L, l, h, v and z commands (the marks' paths)."""
    points: list[tuple[float, float]] = []
    x = y = 0.0
    for command, args in re.findall(r"([MLlhvHVz])([^MLlhvHVz]*)", d):
        numbers = [float(v) for v in args.replace(",", " ").split()]
        if command in "ML":
            for i in range(0, len(numbers), 2):
                x, y = numbers[i], numbers[i + 1]
                points.append((x, y))
        elif command == "l":
            for i in range(0, len(numbers), 2):
                x, y = x + numbers[i], y + numbers[i + 1]
                points.append((x, y))
        elif command in "hH":
            x = x + numbers[0] if command == "h" else numbers[0]
            points.append((x, y))
        elif command in "vV":
            y = y + numbers[0] if command == "v" else numbers[0]
            points.append((x, y))
    return points


def mark_of(g: ET.Element) -> tuple[str, float, float]:
    """An organisation's mark in a funnel plot: its shape ('circle', 'square', 'diamond', 'up',
    'down') and centre (an arrow's: its point)."""
    circle = g.find(f"{SVG}circle")
    if circle is not None:
        return "circle", float(circle.get("cx")), float(circle.get("cy"))
    points = path_points(g.find(f"{SVG}path").get("d"))
    xs, ys = [x for x, _ in points], [y for _, y in points]
    if len(points) == 3:  # an arrow: its point first
        return ("up" if points[1][1] > points[0][1] else "down"), points[0][0], points[0][1]
    centre = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
    square = len({round(x, 1) for x in xs}) == 2
    return ("square" if square else "diamond"), *centre


def plot_paths(root: ET.Element, cls: str) -> list[str]:
    """The ``d`` of the paths of one class drawn in the chart itself, not in its legend."""
    legend = {id(p) for g in root.iter(f"{SVG}g") if g.get("class") == "legend" for p in g.iter()}
    return [
        p.get("d") for p in root.iter(f"{SVG}path") if p.get("class") == cls and id(p) not in legend
    ]


def flags_in_db(con: duckdb.DuckDBPyConnection, indicator: str, period: str) -> dict[str, str]:
    rows = con.execute(
        "select distinct organisation_code, outlier_flag from marts.rpt_indicator_comparison "
        "where indicator_code = ? and period_key = ? and funnel_y is not null",
        [indicator, period],
    ).fetchall()
    return dict(rows)


def test_two_charts_per_indicator_and_period_one_when_there_is_no_funnel(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    entries = write_charts(con, tmp_path)

    expected = sorted(
        f"charts/{indicator}/{period}/{kind}.svg"
        for indicator in INDICATORS
        for period, _ in PERIODS
        for kind in (["funnel", "ski_slope"] if indicator != "officers_per_1000" else ["ski_slope"])
    )
    assert [e["path"] for e in entries] == expected
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.svg"))
    assert written == expected
    for entry in entries:
        data = (tmp_path / entry["path"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["bytes"] == len(data) < 60_000
        indicator, period, name = entry["path"].split("/")[1:]
        assert (entry["indicator_code"], entry["period_key"]) == (indicator, period)
        assert entry["kind"] == name.removesuffix(".svg")


def test_charts_are_self_contained_well_formed_svg(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    for entry in write_charts(con, tmp_path):
        path = tmp_path / entry["path"]
        text = path.read_text(encoding="utf-8")
        root = parse(path)  # well-formed XML
        assert root.tag == f"{SVG}svg"
        assert re.findall(r"https?://[^\s\"'<>]*", text) == ["http://www.w3.org/2000/svg"]
        assert "href" not in text and "@import" not in text and "@font-face" not in text
        assert re.findall(r"url\(([^)]*)\)", text) in ([], ["#fl-plot"])
        assert root.find(f"{SVG}style") is not None
        script = root.find(f"{SVG}script")
        assert script is not None and "location.hash" in script.text
        assert "<![CDATA[" in text
        indicator = INDICATORS[entry["indicator_code"]][0]
        period_label = dict(PERIODS)[entry["period_key"]]
        assert root.find(f"{SVG}title").text == f"{indicator}, {period_label}"
        labels = "".join(t.text or "" for t in root.iter(f"{SVG}text"))
        assert indicator in labels
        assert "selected" not in text.split("<script>")[0].replace(".selected", "")


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_inline_script_is_valid_javascript(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    write_charts(con, tmp_path)
    for name in ("funnel.svg", "ski_slope.svg"):
        script = parse(tmp_path / "charts/crime_ratio/YE2019-12" / name).find(f"{SVG}script")
        (tmp_path / "script.js").write_text(script.text)
        done = subprocess.run(
            ["node", "--check", str(tmp_path / "script.js")], capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr


def test_one_point_and_one_bar_per_organisation_with_a_value(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    write_charts(con, tmp_path)
    with_values = {code for code, _ in ORGS} - {NO_VALUE}
    for path in tmp_path.rglob("*.svg"):
        groups = orgs(parse(path))
        assert {g.get("id") for g in groups} == with_values, path
        assert len(groups) == len(with_values)
        for g in groups:
            title = g.find(f"{SVG}title").text
            assert title.startswith(f"{dict(ORGS)[g.get('id')]} ({g.get('id')})")
            assert "Value: " in title
            marks = g.findall(f"{SVG}circle") + g.findall(f"{SVG}path")
            if path.name == "funnel.svg":
                assert len(marks) == 1 and not g.findall(f"{SVG}rect")
            else:
                assert len(g.findall(f"{SVG}rect")) == 1
                # an outlier's bar carries its flag's mark too
                assert len(marks) == (0 if g.get("class") == "org" else 1)


def test_outliers_carry_the_outlier_class(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    write_charts(con, tmp_path)
    seen = set()
    for indicator in ("victim_satisfaction", "crime_ratio"):
        for period, _ in PERIODS:
            flags = flags_in_db(con, indicator, period)
            seen |= set(flags.values())
            for kind in ("funnel", "ski_slope"):
                root = parse(tmp_path / f"charts/{indicator}/{period}/{kind}.svg")
                for g in orgs(root):
                    classes = set(g.get("class").split())
                    expected = flags[g.get("id")]
                    if expected == "none":
                        assert classes == {"org"}
                    else:
                        assert classes == {"org", "outlier", expected}
                    assert expected in g.find(f"{SVG}title").text
    assert seen == {"none", "alert", "alarm"}  # the fixture exercises every flag


def test_ski_slope_puts_the_best_on_the_left(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    write_charts(con, tmp_path)
    for indicator, (_, _, polarity) in INDICATORS.items():
        root = parse(tmp_path / f"charts/{indicator}/YE2019-12/ski_slope.svg")
        bars = sorted(orgs(root), key=lambda g: float(g.find(f"{SVG}rect").get("x")))
        values = dict(
            con.execute(
                "select distinct organisation_code, value from marts.rpt_indicator_comparison "
                "where indicator_code = ? and period_key = 'YE2019-12'",
                [indicator],
            ).fetchall()
        )
        in_order = [values[g.get("id")] for g in bars]
        descending = polarity != "lower_is_better"  # higher is better, or no polarity
        assert in_order == sorted(in_order, reverse=descending)
    assert len(plot_paths(root, "national")) == 1


def test_funnel_curves_follow_the_limits_and_the_points_agree_with_their_flags(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    write_charts(con, tmp_path)
    root = parse(tmp_path / "charts/victim_satisfaction/YE2019-12/funnel.svg")
    paths = {cls: plot_paths(root, cls) for cls in ("limit95", "limit998", "target")}
    assert len(paths["limit95"]) == 2 and len(paths["limit998"]) == 2
    assert len(paths["target"]) == 1

    def curve(d: str) -> list[tuple[float, float]]:
        return [tuple(map(float, pair.split())) for pair in d[1:].split("L")]

    # smooth: many points, x increasing
    for d in paths["limit95"] + paths["limit998"]:
        points = curve(d)
        assert len(points) >= 100
        assert [x for x, _ in points] == sorted(x for x, _ in points)

    def at(points: list[tuple[float, float]], x: float) -> float:
        for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
            if x0 <= x <= x1:
                return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
        raise AssertionError(x)

    limits95 = sorted((curve(d) for d in paths["limit95"]), key=lambda c: c[-1][1])
    limits998 = sorted((curve(d) for d in paths["limit998"]), key=lambda c: c[-1][1])
    for g in orgs(root):
        _, x, y = mark_of(g)
        upper95, lower95 = at(limits95[0], x), at(limits95[1], x)  # pixel y grows downwards
        upper998, lower998 = at(limits998[0], x), at(limits998[1], x)
        inside95 = upper95 - 1 <= y <= lower95 + 1
        inside998 = upper998 - 1 <= y <= lower998 + 1
        classes = g.get("class").split()
        if "alarm" in classes:
            assert not inside998
        elif "alert" in classes:
            assert inside998 and not inside95
        else:
            assert inside95


def y_axis(root: ET.Element) -> tuple[float, float]:
    """(value per pixel, value at pixel 0) of the y-axis, from its first and last tick labels."""
    ticks = [
        (float(t.get("y")) - 3.5, _tick_value(t.text))
        for t in root.iter(f"{SVG}text")
        if t.get("class") == "tick" and t.get("text-anchor") == "end"
    ]
    (p0, v0), (p1, v1) = ticks[0], ticks[-1]
    slope = (v1 - v0) / (p1 - p0)
    return slope, v0 - slope * p0


def _tick_value(label: str) -> float:
    value = float(label.rstrip("%").replace(",", ""))
    return value / 100 if label.endswith("%") else value


def test_the_curves_pass_through_the_limits_published_for_each_organisation(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    """The chart draws the engine's limits: at every organisation's x, the 95% and 99.8% curves
    are where the mart's funnel_lower_95 ... funnel_upper_998 for that organisation put them."""
    write_charts(con, tmp_path)
    checked = 0
    for indicator, (period, _) in itertools.product(
        ("victim_satisfaction", "crime_ratio"), PERIODS
    ):
        root = parse(tmp_path / f"charts/{indicator}/{period}/funnel.svg")
        slope, intercept = y_axis(root)
        published = {
            code: bounds
            for code, *bounds in con.execute(
                "select distinct organisation_code, funnel_lower_95, funnel_upper_95, "
                "funnel_lower_998, funnel_upper_998 from marts.rpt_indicator_comparison "
                "where indicator_code = ? and period_key = ? and funnel_x is not null",
                [indicator, period],
            ).fetchall()
        }
        curves = {
            cls: sorted(
                (_curve(d) for d in plot_paths(root, cls)), key=lambda c: c[-1][1], reverse=True
            )
            for cls in ("limit95", "limit998")
        }  # lower limit first: pixel y grows downwards
        _, top, _, bottom = plot_box(root)
        for g in orgs(root):
            _, x, _ = mark_of(g)
            lower95, upper95, lower998, upper998 = published[g.get("id")]
            for (cls, i), value in {
                ("limit95", 0): lower95,
                ("limit95", 1): upper95,
                ("limit998", 0): lower998,
                ("limit998", 1): upper998,
            }.items():
                pixel = (value - intercept) / slope
                if top <= pixel <= bottom:  # inside the plot (curves are clipped there)
                    assert _at(curves[cls][i], x) == pytest.approx(pixel, abs=1.0)
                    checked += 1
    assert checked >= 80


def _curve(d: str) -> list[tuple[float, float]]:
    return [tuple(map(float, pair.split())) for pair in d[1:].split("L")]


def _at(points: list[tuple[float, float]], x: float) -> float:
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        if x0 <= x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    raise AssertionError(x)


def test_the_y_axis_reaches_the_published_limits_where_the_data_start(tmp_path: Path) -> None:
    """The y-axis is drawn to the 99.8% limits the mart publishes for the organisation with the
    smallest x (Force B, n = 150), not to a limit the chart works out for itself."""
    bottoms = {}
    for shift in (0.0, -0.05):
        rows = comparison_rows()
        for row in rows:
            if (row["indicator_code"], row["period_key"], row["organisation_code"]) == (
                "victim_satisfaction",
                "YE2019-12",
                "E23000002",
            ):
                row["funnel_lower_998"] += shift
                lower = row["funnel_lower_998"]
        con = duckdb.connect()
        load_comparison(con, rows, peer_rows())
        write_charts(con, tmp_path / str(shift))
        root = parse(tmp_path / str(shift) / "charts/victim_satisfaction/YE2019-12/funnel.svg")
        slope, intercept = y_axis(root)
        bottoms[shift] = intercept + slope * plot_box(root)[3]  # the value at the plot's foot
        assert bottoms[shift] <= lower < bottoms[shift] + 0.05
    assert bottoms[-0.05] < bottoms[0.0]


def test_overdispersion_comes_from_funnel_tau2_and_is_said(tmp_path: Path) -> None:
    plain, adjusted = duckdb.connect(), duckdb.connect()
    load_comparison(plain, comparison_rows(), peer_rows())
    load_comparison(adjusted, comparison_rows(tau2=0.002), peer_rows())
    write_charts(plain, tmp_path / "plain")
    write_charts(adjusted, tmp_path / "adjusted")
    rel = "charts/victim_satisfaction/YE2019-12/funnel.svg"
    plain_root, adjusted_root = parse(tmp_path / "plain" / rel), parse(tmp_path / "adjusted" / rel)
    assert "no funnel_tau2" in plain_root.find(f"{SVG}desc").text
    assert "overdispersion-adjusted" in adjusted_root.find(f"{SVG}desc").text
    assert "0.002" in adjusted_root.find(f"{SVG}desc").text

    assert plot_paths(plain_root, "limit95") != plot_paths(adjusted_root, "limit95")


def test_peers_of_the_default_peer_set_are_embedded(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    write_charts(con, tmp_path)
    root = parse(tmp_path / "charts/crime_ratio/YE2019-03/funnel.svg")
    assert root.get("data-peer-set") == "nn_police_3"  # nearest neighbours, not the first by id
    expected = {}
    for peer_set_id, code, peer, rank in peer_rows():
        if peer_set_id == "nn_police_3":
            expected.setdefault(code, []).append((rank, peer))
    for g in orgs(root):
        assert g.get("data-peers").split() == [p for _, p in sorted(expected[g.get("id")])]

    # without a nearest-neighbours set: the page's default (peer_sets.DEFAULT_PEER_SET_ORDER
    # ranks same_type before a set it does not name)
    other = duckdb.connect()
    only = [("all_forces", "same_type"), ("regional", "region")]
    load_comparison(other, comparison_rows(peer_sets=only), peer_rows(only))
    write_charts(other, tmp_path / "other")
    root = parse(tmp_path / "other/charts/crime_ratio/YE2019-03/funnel.svg")
    assert root.get("data-peer-set") == "all_forces"
    assert all(len(g.get("data-peers").split()) == 7 for g in orgs(root))


def test_the_same_data_gives_byte_identical_files(tmp_path: Path) -> None:
    first, second = duckdb.connect(), duckdb.connect()
    load_comparison(first, comparison_rows(), peer_rows())
    load_comparison(second, comparison_rows()[::-1], peer_rows()[::-1])  # rows in another order
    a = write_charts(first, tmp_path / "a")
    b = write_charts(second, tmp_path / "b")
    assert a == b
    for entry in a:
        assert (tmp_path / "a" / entry["path"]).read_bytes() == (
            tmp_path / "b" / entry["path"]
        ).read_bytes()


def test_no_comparison_mart_no_charts(tmp_path: Path) -> None:
    con = duckdb.connect()
    con.execute("create schema marts")
    con.execute("create table marts.rpt_peer_groups (peer_set_id varchar)")
    assert write_charts(con, tmp_path) == []
    assert not (tmp_path / "charts").exists()


def test_one_comparison_type_per_chart(tmp_path: Path) -> None:
    """Two comparison types reporting one indicator and period get a chart each, in a folder
    per type; no chart mixes them."""
    rows = comparison_rows()
    first = rows[0]
    rows[0] = {**first, "comparison_type": "council_upper_tier"}
    con = duckdb.connect()
    load_comparison(con, rows, peer_rows())
    entries = write_charts(con, tmp_path)
    folder = f"charts/{first['indicator_code']}/{first['period_key']}"
    paths = {e["path"] for e in entries if e["path"].startswith(folder + "/")}
    assert f"{folder}/council_upper_tier/ski_slope.svg" in paths
    assert f"{folder}/{first['comparison_type']}/ski_slope.svg" in paths
    assert not any(p.count("/") == 3 for p in paths)  # nothing left at the shared level
    lone = parse(tmp_path / f"{folder}/council_upper_tier/ski_slope.svg")
    assert first["organisation_code"] in ET.tostring(lone, encoding="unicode")


def test_size_for_43_forces_with_15_neighbours_each(tmp_path: Path) -> None:
    codes = [f"E230000{i:02d}" for i in range(1, 44)]
    rows, peers = [], []
    for i, code in enumerate(codes):
        n = 500 + 97 * i
        o = round(n * (0.55 + 0.2 * math.sin(i)))
        rows.append(
            {
                **comparison_rows()[0],
                "organisation_code": code,
                "organisation_name": f"A police force with a long name {i}",
                "value": 100 * o / n,
                "numerator": o,
                "denominator": n,
                "funnel_x": n,
                "funnel_y": o / n,
                "funnel_target": 0.6,
                "outlier_flag": flag("proportion", 0.6, n, o / n, 0.0),
            }
        )
        peers += [("nn_police_3", code, codes[(i + k) % 43], k) for k in range(1, 16)]
    con = duckdb.connect()
    load_comparison(con, rows, peers)
    entries = write_charts(con, tmp_path)
    assert len(entries) == 2
    assert all(e["bytes"] < 60_000 for e in entries)


# --- people can read them: wrapped titles, units, names, sources, outliers, plain words ---------

INDICATOR_FACTS = {
    # indicator: (measure, unit, decimal_places, publisher, source_title, licence)
    "victim_satisfaction": (
        "proportion",
        "proportion of victims (0-1)",
        3,
        "Home Office",
        "Home Office, Crime survey victim tables",
        "Open Government Licence v3.0",
    ),
    "crime_ratio": (
        "ratio",
        "ratio",
        2,
        "Office for National Statistics",
        "Police force area data tables",
        "Open Government Licence v3.0",
    ),
    "officers_per_1000": (
        "rate_per_1000",
        "officers per 1000 population",
        2,
        "Home Office",
        "Police workforce, England and Wales",
        "Open Government Licence v3.0",
    ),
}


def load_indicators(con: duckdb.DuckDBPyConnection, facts: dict[str, tuple] = INDICATOR_FACTS):
    con.execute(
        "create or replace table marts.dim_indicator (indicator_code varchar, measure varchar, "
        "unit varchar, decimal_places integer, publisher varchar, source_title varchar, "
        "licence varchar)"
    )
    con.executemany(
        "insert into marts.dim_indicator values (?, ?, ?, ?, ?, ?, ?)",
        [(code, *row) for code, row in facts.items()],
    )


def as_proportions(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The victim satisfaction rows as a mart of a proportion indicator stores them: values and
    the national value between 0 and 1."""
    out = []
    for row in rows:
        if row["indicator_code"] == "victim_satisfaction":
            row = {**row, "unit": "proportion of victims (0-1)"}
            if row["value"] is not None:
                row["value"] = row["numerator"] / row["denominator"]
            row["national_value"] = row["national_value"] / 100
        out.append(row)
    return out


@pytest.fixture
def readable(tmp_path: Path) -> Path:
    """The charts of the fixture with dim_indicator published and proportions stored as such."""
    con = duckdb.connect()
    load_comparison(con, as_proportions(comparison_rows()), peer_rows())
    load_indicators(con)
    write_charts(con, tmp_path)
    con.close()
    return tmp_path


def texts(root: ET.Element, cls: str) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text") if cls in t.get("class", "").split()]


def test_wrap_breaks_between_words_and_never_loses_a_character() -> None:
    sentence = "Key stage 2: pupils achieving a high score in reading and maths " * 3
    lines = wrap(sentence, 300, 16, bold=True)
    assert len(lines) > 2
    assert " ".join(lines) == " ".join(sentence.split())
    assert all(text_width(line, 16, bold=True) <= 300 for line in lines)
    # a word wider than the line is cut between characters, all of it kept
    word = "x" * 200
    assert "".join(wrap(word, 100, 11)) == word
    assert all(text_width(line, 11) <= 100 for line in wrap(word, 100, 11))
    # bold is wider; an unknown character counts as a full em
    assert text_width("Cleveland", 12, bold=True) > text_width("Cleveland", 12)
    assert text_width("\u4e2d", 10) == pytest.approx(10 * SAFETY)
    assert shorten("Short", 100, 11) == "Short"
    cut = shorten("A rather long label for a small space", 80, 11)
    assert cut.endswith("\u2026") and text_width(cut, 11) <= 80


def test_titles_wrap_to_the_canvas_and_keep_every_word(tmp_path: Path) -> None:
    long_name = (
        "Key stage 2: pupils achieving a high score in reading and maths and working at greater "
        "depth in writing, of those eligible for assessment in a state-funded school"
    )
    rows = [
        {**r, "indicator_name": long_name} if r["indicator_code"] == "crime_ratio" else r
        for r in comparison_rows()
    ]
    con = duckdb.connect()
    load_comparison(con, rows, peer_rows())
    write_charts(con, tmp_path)
    for kind in ("funnel", "ski_slope"):
        long = parse(tmp_path / f"charts/crime_ratio/YE2019-12/{kind}.svg")
        short = parse(tmp_path / f"charts/victim_satisfaction/YE2019-12/{kind}.svg")
        lines = texts(long, "title")
        assert len(lines) >= 2
        assert " ".join(lines) == f"{long_name}, year ending December 2019"
        assert all(text_width(line, TITLE, bold=True) <= WIDTH - 2 * PAD for line in lines)
        assert all(
            float(t.get("x")) == PAD for t in long.iter(f"{SVG}text") if t.get("class") == "title"
        )
        # the plot moves down and the canvas grows by the extra lines; the plot keeps its size
        assert plot_box(long)[1] - plot_box(short)[1] == pytest.approx(20 * (len(lines) - 1))
        assert int(long.get("height")) > int(short.get("height"))
        assert long.get("viewBox") == f"0 0 {WIDTH} {long.get('height')}"
        assert plot_box(long)[3] - plot_box(long)[1] == plot_box(short)[3] - plot_box(short)[1]


def test_every_text_line_fits_the_canvas(readable: Path) -> None:
    """By the width model, no line of any chart runs past the canvas (the browser test measures
    the shipped release itself)."""
    checked = 0
    for path in readable.rglob("*.svg"):
        root = parse(path)
        width = float(root.get("width"))
        for t in root.iter(f"{SVG}text"):
            cls, content = t.get("class", ""), t.text or ""
            if not content or t.get("transform"):
                continue
            size = {"title": 16, "tick": 10.5, "axis-label": 12}.get(cls, 11)
            bold = cls in ("title", "selection")
            w = text_width(content, size, bold)
            x = float(t.get("x"))
            left = {"end": x - w, "middle": x - w / 2}.get(t.get("text-anchor"), x)
            assert 0 <= left and left + w <= width, (path.name, cls, content)
            checked += 1
    assert checked > 100


def test_a_proportion_is_shown_as_a_percentage_rounded_to_the_indicator(readable: Path) -> None:
    ski = parse(readable / "charts/victim_satisfaction/YE2019-12/ski_slope.svg")
    ticks = [t for t in texts(ski, "tick") if t[:1].isdigit()]
    value_ticks = [t for t in ticks if t.endswith("%")]
    assert value_ticks and all(0 <= float(t[:-1]) <= 100 for t in value_ticks)
    assert "0%" in value_ticks
    national = 0.03 + sum(o for o, _ in PROPORTION) / sum(d for _, d in PROPORTION)
    national_text = next(t for t in texts(ski, "tick") if t.startswith("National"))
    # three decimal places for the proportion: one for the percentage
    shift = 1.03
    pairs = [(min(round(o * shift), d), d) for o, d in PROPORTION]
    national = sum(o for o, _ in pairs) / sum(d for _, d in pairs)
    assert national_text == f"National: {100 * national:.1f}%"
    tooltips = {g.get("id"): g.find(f"{SVG}title").text for g in orgs(ski)}
    o, d = pairs[0]
    assert f"Value: {100 * o / d:.1f}% of victims" in tooltips["E23000001"]
    label = next(t for t in ski.iter(f"{SVG}text") if t.get("transform"))
    assert label.text == "% of victims"

    funnel = parse(readable / "charts/victim_satisfaction/YE2019-12/funnel.svg")
    y_ticks = [t.text for t in funnel.iter(f"{SVG}text") if t.get("text-anchor") == "end"]
    assert all(t.endswith("%") for t in y_ticks)
    target = next(t for t in texts(funnel, "tick") if t.startswith("Target"))
    assert target == f"Target ({100 * national:.1f}%)"


def test_units_round_to_the_indicator_and_separate_thousands() -> None:
    pounds = units_for("per_head", "GBP per resident", 2)
    assert pounds.value(1029.347451) == "£1,029.35"
    assert pounds.value(-5) == "-£5.00"
    assert pounds.words == "£ per resident"
    assert pounds.tick(15000, 5000) == "£15,000"
    rate = units_for("rate_per_1000", "crimes per 1000 population", 2)
    assert rate.value(1057.93019) == "1,057.93"
    assert rate.words == "crimes per 1,000 population"
    share = units_for("proportion", "proportion of attendances (0-1)", 3)
    assert share.value(0.5951) == "59.5%"
    assert share.tick(0.6, 0.1) == "60%"
    assert share.tick(0.125, 0.025) == "12.5%"
    assert share.words == "% of attendances"
    assert units_for("proportion", "proportion of eligible pupils (0-1)", 2).value(0.6) == "60%"
    percent = units_for("published_value", "% of referrals", 1)
    assert percent.value(67.64) == "67.6%"
    assert percent.value(-0.04) == "0.0%"  # no '-0'
    assert units_for("percent_change", "percent", 1).value(-12.34) == "-12.3%"
    assert units_for("score", "Score per pupil", None).value(46.123456) == "46.12"  # 4 figures
    assert units_for(None, "", 0).value(12345.6) == "12,346"


def test_comparison_types_in_plain_english(readable: Path) -> None:
    assert counted(521, "school_primary") == "521 primary schools"
    assert counted(1, "school_primary") == "1 primary school"
    assert counted(121, "nhs_trust") == "121 NHS trusts"
    assert counted(42, "police_force_area") == "42 police force areas"
    assert counted(150, "council_upper_tier") == "150 upper-tier councils"
    assert counted(3, "fire_authority") == "3 fire authorities"
    assert sentence_case(type_name("nhs_trust", 2)) == "NHS trusts"
    funnel = parse(readable / "charts/crime_ratio/YE2019-12/funnel.svg")
    assert texts(funnel, "subtitle")[0].startswith("Funnel plot: 7 police force areas, ")
    ski = parse(readable / "charts/crime_ratio/YE2019-12/ski_slope.svg")
    assert "Police force areas" in texts(ski, "tick")


def test_every_chart_has_a_source_line_from_dim_indicator(readable: Path) -> None:
    for path in readable.rglob("*.svg"):
        root = parse(path)
        indicator, period = root.get("data-indicator"), root.get("data-period")
        _, _, _, publisher, title, licence = INDICATOR_FACTS[indicator]
        named = title if title.startswith(publisher) else f"{publisher}, {title}"
        expected = f"Source: {named}. Licence: {licence}. Period: {dict(PERIODS)[period]}."
        assert " ".join(texts(root, "source")) == expected
        assert expected in root.find(f"{SVG}desc").text
    # the dataset's name that starts with its publisher does not say it twice
    root = parse(readable / "charts/victim_satisfaction/YE2019-12/funnel.svg")
    assert " ".join(texts(root, "source")).startswith("Source: Home Office, Crime survey")


def test_without_dim_indicator_the_source_line_says_so(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    write_charts(con, tmp_path)
    for path in tmp_path.rglob("*.svg"):
        source = " ".join(texts(parse(path), "source"))
        assert source.startswith("Source: not recorded in this release")
        assert source.endswith(f"Period: {dict(PERIODS)[parse(path).get('data-period')]}.")


def test_outlier_flags_are_told_by_shape_as_well_as_colour(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    write_charts(con, tmp_path)
    shapes = {"none": "circle", "alert": "square", "alarm": "diamond"}
    seen = set()
    for indicator in ("victim_satisfaction", "crime_ratio"):
        flags = flags_in_db(con, indicator, "YE2019-12")
        funnel = parse(tmp_path / f"charts/{indicator}/YE2019-12/funnel.svg")
        for g in orgs(funnel):
            assert mark_of(g)[0] == shapes[flags[g.get("id")]]
            seen.add(flags[g.get("id")])
        ski = parse(tmp_path / f"charts/{indicator}/YE2019-12/ski_slope.svg")
        for g in orgs(ski):
            path = g.find(f"{SVG}path")
            if flags[g.get("id")] == "none":
                assert path is None
            else:
                points = path_points(path.get("d"))
                assert len(points) == 4
                square = len({round(x, 1) for x, _ in points}) == 2
                assert ("square" if square else "diamond") == shapes[flags[g.get("id")]]
    assert seen == {"none", "alert", "alarm"}


def forces_with_one_far_out(ratio_of_the_far_one: float = 12.0) -> list[dict[str, Any]]:
    """43 forces on a ratio funnel (crime, observed against expected), near 1 but for one small
    force far above, as City of London's crime rate is."""
    base = comparison_rows()[0]
    rows = []
    for i in range(43):
        code = f"E230000{i + 1:02d}"
        expected = 20.0 if i == 33 else 2000.0 + 900 * i
        ratio = ratio_of_the_far_one if i == 33 else 0.8 + 0.4 * ((i * 7) % 43) / 43
        observed = round(expected * ratio)
        rows.append(
            {
                **base,
                "indicator_code": "crime_ratio",
                "indicator_name": "Recorded crime, observed against expected",
                "unit": "ratio",
                "polarity": "lower_is_better",
                "organisation_code": code,
                "organisation_name": "London, City of" if i == 33 else f"Force {i + 1}",
                "value": observed / expected,
                "numerator": observed,
                "denominator": expected,
                "national_value": 1.0,
                "national_rank": None,
                "funnel_method": "ratio",
                "funnel_x": expected,
                "funnel_y": observed / expected,
                "funnel_target": 1.0,
                **limits("ratio", 1.0, expected, 0.0),
                "outlier_flag": flag("ratio", 1.0, expected, observed / expected, 0.0),
                "peer_set_id": "nn_police_3",
            }
        )
    return rows


def test_a_far_out_value_is_drawn_at_the_edge_with_its_value_and_a_note(tmp_path: Path) -> None:
    con = duckdb.connect()
    load_comparison(con, forces_with_one_far_out(), peer_rows())
    load_indicators(con)  # the crime ratio to two decimal places
    write_charts(con, tmp_path)
    folder = tmp_path / "charts/crime_ratio/YE2019-03"
    for kind in ("funnel", "ski_slope"):
        root = parse(folder / f"{kind}.svg")
        left, top, right, bottom = plot_box(root)
        slope, intercept = y_axis(root)
        axis_top = intercept + slope * top
        assert 1.2 <= axis_top < 3  # the axis is drawn for the 42, not for 12
        city = next(g for g in orgs(root) if g.get("id") == "E23000034")
        arrow = path_points(city.find(f"{SVG}path").get("d"))
        assert len(arrow) == 3 and arrow[0][1] == pytest.approx(top)  # its point on the edge
        assert arrow[1][1] > arrow[0][1]  # pointing up
        assert "Off the scale" in city.find(f"{SVG}title").text
        assert "London, City of: 12.00, alarm" in texts(root, "offscale")
        note = " ".join(texts(root, "note"))
        assert note.startswith("Off the scale: London, City of (12.00) drawn as \u25b2 at the top")
        assert "the other 42 police force areas can be told apart" in note
        assert note.split(". ")[0] in root.find(f"{SVG}desc").text
        # every other organisation is drawn inside the plot
        for g in orgs(root):
            if g.get("id") == "E23000034":
                continue
            if kind == "funnel":
                _, x, y = mark_of(g)
            else:
                rect = g.find(f"{SVG}rect")
                y, x = float(rect.get("y")), float(rect.get("x"))
            assert top <= y <= bottom and left <= x <= right

    # without the far-out force the axis is not cut and no note is written
    con = duckdb.connect()
    load_comparison(con, forces_with_one_far_out(1.1), peer_rows())
    write_charts(con, tmp_path / "near")
    root = parse(tmp_path / "near/charts/crime_ratio/YE2019-03/funnel.svg")
    assert texts(root, "note") == [] and texts(root, "offscale") == []


def test_the_span_leaves_out_only_far_out_values() -> None:
    values = [1.0, 1.1, 0.9, 1.2, 0.8, 1.05, 0.95, 1.15, 12.0]
    span = robust_span(values, keep=[1.0])
    assert (span.lo, span.hi, span.cut) == (0.8, 1.2, True)
    assert robust_span(values[:-1]).cut is False
    assert robust_span([1.0, 50.0, 2.0]).hi == 50.0  # too few values to call any far out
    assert robust_span(values, keep=[0.0, 13.0]).hi == 13.0  # kept values always shown
    assert robust_span([5.0] * 10 + [9.0]).cut is False  # no spread, nothing to measure by


def test_the_charts_say_what_they_are_to_assistive_technology(readable: Path) -> None:
    for path in readable.rglob("*.svg"):
        root = parse(path)
        assert root.get("role") == "img"
        labelled = root.get("aria-labelledby").split()
        ids = {e.get("id"): e for e in root.iter() if e.get("id")}
        assert [ids[i].tag for i in labelled] == [f"{SVG}title", f"{SVG}desc"]
        desc = root.find(f"{SVG}desc").text
        kind = (
            "Funnel plot of " if path.name == "funnel.svg" else "Ranked bar chart (ski slope) of "
        )
        assert desc.startswith(kind) and "7 police force areas" in desc and desc.endswith(".")


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(foreground: str, background: str = "#ffffff") -> float:
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_every_text_colour_meets_wcag_aa_on_white(readable: Path) -> None:
    rules = dict(re.findall(r"([^{}\n]+)\{([^}]*)\}", STYLE))
    text_classes = {
        cls
        for path in readable.rglob("*.svg")
        for t in parse(path).iter(f"{SVG}text")
        for cls in t.get("class", "").split()
    } | {"fl-label", "fl-label-org", "note", "offscale"}  # the script's names, off-scale notes
    checked = set()
    for selector, body in rules.items():
        fill = re.search(r"(?:^|;)fill:(#[0-9a-f]{3,6})", body)
        for part in selector.split(","):
            cls = part.strip().lstrip(".")
            if fill and (cls in text_classes or part.strip() == "svg"):
                colour = fill.group(1)
                if len(colour) == 4:
                    colour = "#" + "".join(c * 2 for c in colour[1:])
                assert _contrast(colour) >= 4.5, (part, colour)
                checked.add(cls)
    assert {"title", "subtitle", "caption", "source", "tick", "note", "offscale"} <= checked
    assert {"fl-label", "fl-label-org", "selection", "axis-label"} <= checked


def test_the_most_selective_listed_peer_set_is_outlined_without_nearest_neighbours(
    tmp_path: Path,
) -> None:
    """Without a nearest-neighbours set, the chart outlines the set its pages show
    (peer_sets.default_peer_set): any named set before all organisations of the type."""
    sets = [("all_forces", "all_organisations"), ("similar_forces", "similar")]
    codes = [c for c, _ in ORGS]
    peers = [
        ("all_forces", code, peer, rank)
        for code in codes
        for rank, peer in enumerate((p for p in codes if p != code), 1)
    ] + [
        ("similar_forces", code, codes[(i + k) % len(codes)], k)
        for i, code in enumerate(codes)
        for k in (1, 2)
    ]
    con = duckdb.connect()
    load_comparison(con, comparison_rows(peer_sets=sets), peers)
    write_charts(con, tmp_path)
    root = parse(tmp_path / "charts/crime_ratio/YE2019-03/funnel.svg")
    assert root.get("data-peer-set") == "similar_forces"
    assert all(len(g.get("data-peers").split()) == 2 for g in orgs(root))


def test_entries_give_each_chart_its_canvas_size(readable: Path, tmp_path: Path) -> None:
    con = duckdb.connect()
    load_comparison(con, comparison_rows(), peer_rows())
    for entry in write_charts(con, tmp_path / "sized"):
        root = parse(tmp_path / "sized" / entry["path"])
        assert (entry["width"], entry["height"]) == (
            int(root.get("width")),
            int(root.get("height")),
        )
        assert entry["width"] == WIDTH and 500 < entry["height"] < 800


# --- in a release ------------------------------------------------------------------------------

CHART_MARTS = [*MARTS, "marts.rpt_indicator_comparison", "marts.rpt_peer_groups"]


@pytest.fixture
def chart_paths(paths: FrontlinePaths) -> FrontlinePaths:
    con = duckdb.connect(str(paths.working_db))
    load_comparison(con, comparison_rows(), peer_rows())
    con.close()
    return paths


def test_publish_lists_the_charts_in_the_manifest(chart_paths: FrontlinePaths) -> None:
    plain = publish_release(chart_paths, CHART_MARTS, [passing_check()], SOURCES)
    release = publish_release(
        chart_paths, CHART_MARTS, [passing_check()], SOURCES, attachments=[CHARTS]
    )
    manifest = json.loads((release.folder / "manifest.json").read_text())
    assert manifest == json.loads(json.dumps(release.manifest))

    charts = manifest["charts"]
    assert len(charts) == 10
    assert [c["path"] for c in charts] == sorted(c["path"] for c in charts)
    sums = dict(
        reversed(line.split("  "))
        for line in (release.folder / "SHA256SUMS").read_text().splitlines()
    )
    for chart in charts:
        path = release.folder / chart["path"]
        assert chart["sha256"] == sha256(path) == sums[chart["path"]]
        assert chart["bytes"] == path.stat().st_size
        assert not path.stat().st_mode & 0o222  # sealed with the rest of the release
    listing = "".join(f"{c['sha256']}  {c['path']}\n" for c in charts)
    assert manifest["charts_sha256"] == hashlib.sha256(listing.encode()).hexdigest()

    # the charts do not change the hash of the mart files, nor the release id's suffix
    assert release.content_sha256 == plain.content_sha256
    assert release.release_id.split("Z-")[1].startswith(plain.content_sha256[:8])
    assert "charts" not in plain.manifest and "charts_sha256" not in plain.manifest
    assert not (plain.folder / "charts").exists()

    # and the same data gives the same charts in the next release
    again = publish_release(
        chart_paths, CHART_MARTS, [passing_check()], SOURCES, attachments=[CHARTS]
    )
    assert again.manifest["charts"] == charts
    assert again.manifest["charts_sha256"] == manifest["charts_sha256"]


def test_publish_without_the_comparison_mart_has_no_charts(paths: FrontlinePaths) -> None:
    release = publish_release(paths, MARTS, [passing_check()], SOURCES, attachments=[CHARTS])
    assert release.manifest["charts"] == []
    assert "charts_sha256" not in release.manifest


def test_charts_read_the_published_marts_not_the_working_database(
    chart_paths: FrontlinePaths,
) -> None:
    # the comparison mart is in the working database but not published: no charts
    release = publish_release(chart_paths, MARTS, [passing_check()], SOURCES, attachments=[CHARTS])
    assert release.manifest["charts"] == []


def test_a_failing_attachment_leaves_the_previous_release_whole(
    chart_paths: FrontlinePaths,
) -> None:
    first = publish_release(chart_paths, CHART_MARTS, [passing_check()], SOURCES)

    def boom(con: duckdb.DuckDBPyConnection, folder: Path, info: ReleaseInfo) -> list[dict]:
        write_charts(con, folder)
        raise OSError("disk full while drawing")

    with pytest.raises(OSError, match="disk full"):
        publish_release(
            chart_paths,
            CHART_MARTS,
            [passing_check()],
            SOURCES,
            attachments=[CHARTS, Attachment("boom", boom)],
        )
    assert json.loads((chart_paths.releases_dir / "latest.json").read_text())["release_id"] == (
        first.release_id
    )
    assert [p.name for p in chart_paths.releases_dir.iterdir() if RELEASE_ID.match(p.name)] == [
        first.release_id
    ]
    second = publish_release(chart_paths, CHART_MARTS, [passing_check()], SOURCES)
    assert not list(chart_paths.releases_dir.glob(".tmp-*"))
    assert second.release_id != first.release_id


@pytest.mark.parametrize(
    "entry",
    [
        {"path": "../escape.svg", "sha256": "0" * 64, "bytes": 0},
        {"path": "manifest.json", "sha256": "0" * 64, "bytes": 0},
        {"path": "charts/missing.svg", "sha256": "0" * 64, "bytes": 0},
        {"path": "charts/x.svg", "sha256": "0" * 64, "bytes": 3},
        # a mart's own file, which an attachment may never replace
        {"path": "csv/rpt_indicator_comparison.csv", "sha256": "0" * 64, "bytes": 3},
    ],
)
def test_attachment_entries_must_name_the_files_written(
    chart_paths: FrontlinePaths, entry: dict[str, Any]
) -> None:
    def attach(con: duckdb.DuckDBPyConnection, folder: Path, info: ReleaseInfo) -> list[dict]:
        (folder / "charts").mkdir()
        (folder / "charts/x.svg").write_text("<x>")
        return [entry]

    with pytest.raises(PublicationError, match="attach"):
        publish_release(
            chart_paths,
            CHART_MARTS,
            [passing_check()],
            SOURCES,
            attachments=[Attachment("attach", attach)],
        )
    assert not (chart_paths.releases_dir / "latest").exists()
