"""The per-force crime-rate line chart: every quarter with a rate drawn where its value puts it,
a quarter without one left as a gap, the force's most similar forces as lines of their own."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import duckdb
import pytest

from frontline_stats.report_card import CRIME_RATE
from orchestration.publish.charts import write_time_series
from orchestration.publish.site.chart_files import chart_files

SVG = "{http://www.w3.org/2000/svg}"
QUARTERS = [
    ("YE2011-12", dt.date(2011, 12, 31), "year ending December 2011"),
    ("YE2012-03", dt.date(2012, 3, 31), "year ending March 2012"),
    ("YE2012-06", dt.date(2012, 6, 30), "year ending June 2012"),
    ("YE2012-09", dt.date(2012, 9, 30), "year ending September 2012"),
    ("YE2012-12", dt.date(2012, 12, 31), "year ending December 2012"),
    ("YE2013-03", dt.date(2013, 3, 31), "year ending March 2013"),
]
# force -> rate per quarter (None: no rate that quarter); the first quarter has no rate anywhere
RATES = {
    "E23000001": [None, 80.0, 90.0, None, 70.0, 60.0],  # a gap in September 2012
    "E23000002": [None, 50.0, 55.0, 52.0, 51.0, 49.0],
    "E23000003": [None, 100.0, 101.0, 99.0, 98.0, 97.0],
    "E23000004": [None, None, None, None, None, None],  # no rate at all: no chart
}
NAMES = {code: f"Force {code[-1]}" for code in RATES}
PEER_SET = "nearest_neighbours:police_force_area:k2"


@pytest.fixture
def release_db(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(tmp_path / "release.duckdb"))
    con.execute("create schema marts")
    con.execute("create table marts.dim_period (period_key varchar, period_end date)")
    con.executemany("insert into marts.dim_period values (?, ?)", [q[:2] for q in QUARTERS])
    con.execute(
        "create table marts.rpt_police_report_card (force_code varchar, force_area_name varchar,"
        " peer_set_id varchar, period_key varchar, period_label varchar,"
        " crime_rate_per_1000 double, crime_rate_peer_median double,"
        " crime_rate_england_and_wales double)"
    )
    for code, rates in RATES.items():
        for (key, _, label), rate in zip(QUARTERS, rates, strict=True):
            con.execute(
                "insert into marts.rpt_police_report_card values (?, ?, ?, ?, ?, ?, ?, ?)",
                [code, NAMES[code], PEER_SET, key, label, rate, 75.0, 65.0],
            )
    con.execute(
        "create table marts.rpt_peer_groups (peer_set_id varchar, organisation_code varchar,"
        " peer_code varchar, peer_rank integer)"
    )
    con.executemany(
        "insert into marts.rpt_peer_groups values (?, ?, ?, ?)",
        [
            (PEER_SET, "E23000001", "E23000003", 1),
            (PEER_SET, "E23000001", "E23000002", 2),
            (PEER_SET, "E23000002", "E23000001", 1),
        ],
    )
    con.execute(
        "create table marts.dim_indicator (indicator_code varchar, indicator_name varchar,"
        " unit varchar, polarity varchar, measure varchar, decimal_places integer,"
        " publisher varchar, source_title varchar, licence varchar)"
    )
    con.execute(
        "insert into marts.dim_indicator values (?, 'Crime per 1,000', 'crimes per 1000 "
        "population', 'lower_is_better', 'rate_per_1000', 1, 'ONS', 'Recorded crime', 'OGL v3.0')",
        [CRIME_RATE],
    )
    return con


def _points(d: str) -> list[list[tuple[float, float]]]:
    """The stretches of an SVG path (each M starts one) as (x, y) pixels."""
    stretches: list[list[tuple[float, float]]] = []
    for command, x, y in re.findall(r"([ML])(-?[\d.]+) (-?[\d.]+)", d):
        if command == "M":
            stretches.append([])
        stretches[-1].append((float(x), float(y)))
    return stretches


def test_one_chart_per_force_with_a_rate(release_db, tmp_path):
    entries = write_time_series(release_db, tmp_path / "out")
    assert [e["organisation_code"] for e in entries] == ["E23000001", "E23000002", "E23000003"]
    assert {e["period_key"] for e in entries} == {"YE2013-03"}
    found = chart_files(tmp_path / "out").time_series
    assert found[(CRIME_RATE, "E23000001")] == entries[0]["path"]


def test_values_are_drawn_where_the_axis_puts_them_and_gaps_stay_gaps(release_db, tmp_path):
    entries = write_time_series(release_db, tmp_path / "out")
    root = ET.parse(tmp_path / "out" / entries[0]["path"]).getroot()
    own = next(p for p in root.iter(f"{SVG}path") if p.get("class") == "series-own" and p.get("id"))
    stretches = _points(own.get("d"))
    # the first quarter (no rate anywhere) is off the axis; September 2012 breaks the line
    assert [len(s) for s in stretches] == [2, 2]
    # y maps linearly from the axis' tick labels: read two ticks and check every point
    ticks = {
        float(t.text): float(t.get("y")) - 3.5
        for t in root.iter(f"{SVG}text")
        if t.get("class") == "tick" and t.get("text-anchor") == "end"
    }
    (v0, y0), (v1, y1) = sorted(ticks.items())[:2]
    value_at = lambda y: v0 + (y - y0) * (v1 - v0) / (y1 - y0)  # noqa: E731
    drawn = [round(value_at(y), 6) for stretch in stretches for _, y in stretch]
    assert drawn == [80.0, 90.0, 70.0, 60.0]
    # x is proportional to the days since the first quarter with a rate (March 2012)
    xs = [x for stretch in stretches for x, _ in stretch]
    days = [(q[1] - QUARTERS[1][1]).days for q in QUARTERS[1:]]
    days = [d for d, rate in zip(days, RATES["E23000001"][1:], strict=True) if rate is not None]
    scale = (xs[-1] - xs[0]) / days[-1]
    assert xs == pytest.approx([xs[0] + d * scale for d in days], abs=0.06)


def test_peers_are_drawn_in_rank_order_and_named(release_db, tmp_path):
    entries = write_time_series(release_db, tmp_path / "out")
    root = ET.parse(tmp_path / "out" / entries[0]["path"]).getroot()
    peers = [p for p in root.iter(f"{SVG}path") if p.get("class") == "series-peer" and p.get("id")]
    assert [p.get("id") for p in peers] == ["E23000003", "E23000002"]
    assert [p.find(f"{SVG}title").text for p in peers] == ["Force 3", "Force 2"]
    description = root.find(f"{SVG}desc").text
    assert "Force 1 went from 80.0 (year ending March 2012) to 60.0 (year ending March 2013)" in (
        description
    )
    assert "median of its 2 most similar forces went from 75.0" in description
    # a force with no peer list still gets its own line, England and Wales and the median
    lone = ET.parse(tmp_path / "out" / entries[2]["path"]).getroot()
    assert not [
        p for p in lone.iter(f"{SVG}path") if p.get("class") == "series-peer" and p.get("id")
    ]


def test_no_report_card_no_charts(tmp_path):
    con = duckdb.connect()
    con.execute("create schema marts")
    assert write_time_series(con, tmp_path) == []
