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
                        "organisation_type": "police_force",
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
            shape = "circle" if path.name == "funnel.svg" else "rect"
            assert len(g.findall(f"{SVG}{shape}")) == 1


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
        circle = g.find(f"{SVG}circle")
        x, y = float(circle.get("cx")), float(circle.get("cy"))
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
        for g in orgs(root):
            x = float(g.find(f"{SVG}circle").get("cx"))
            lower95, upper95, lower998, upper998 = published[g.get("id")]
            for (cls, i), value in {
                ("limit95", 0): lower95,
                ("limit95", 1): upper95,
                ("limit998", 0): lower998,
                ("limit998", 1): upper998,
            }.items():
                pixel = (value - intercept) / slope
                if 64 <= pixel <= 64 + 384:  # inside the plot (curves are clipped there)
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
        bottoms[shift] = intercept + slope * (64 + 384)  # the value at the foot of the plot
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

    # without a nearest-neighbours set: the first peer set by id
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


def test_one_organisation_type_per_chart(tmp_path: Path) -> None:
    """Two organisation types reporting one indicator and period get a chart each, in a folder
    per type; no chart mixes them."""
    rows = comparison_rows()
    first = rows[0]
    rows[0] = {**first, "organisation_type": "local_authority"}
    con = duckdb.connect()
    load_comparison(con, rows, peer_rows())
    entries = write_charts(con, tmp_path)
    folder = f"charts/{first['indicator_code']}/{first['period_key']}"
    paths = {e["path"] for e in entries if e["path"].startswith(folder + "/")}
    assert f"{folder}/local_authority/ski_slope.svg" in paths
    assert f"{folder}/{first['organisation_type']}/ski_slope.svg" in paths
    assert not any(p.count("/") == 3 for p in paths)  # nothing left at the shared level
    lone = parse(tmp_path / f"{folder}/local_authority/ski_slope.svg")
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
