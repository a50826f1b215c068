"""EES tidy files of the comparison mart: the layout of the standard, and values rounded to each
indicator's decimal places, against values computed here independently."""

from __future__ import annotations

import csv
import io
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
import pytest

from orchestration.publish.metadata.ees import write_ees
from orchestration.publish.metadata.ees.layout import MANDATORY, META_COLUMNS
from orchestration.publish.model import PublicationError

BOM = b"\xef\xbb\xbf"
PERIODS = [
    ("YE2019-03", "year_ending", 2019, "2019-03-31", "year ending March 2019"),
    ("FY2018-19", "financial_year", 2019, "2019-03-31", "2018-19"),
]
INDICATORS = [
    ("crime_rate", "Crime rate", 2, "police", "crimes per 1000 population"),
    ("spend_per_head", "Spend per head (pounds per resident)", 0, "local_government",
     "pounds per resident"),
    ("within_4_hours", "Seen within 4 hours", 3, "health", "proportion"),
]  # fmt: skip
GEOGRAPHY = [
    ("E92000001", "England", "E92000001", None),
    ("W92000004", "Wales", "W92000004", None),
    ("E12000007", "London", "E92000001", "E12000007"),
    ("E12000001", "North East", "E92000001", "E12000001"),
    ("E23000001", "Metropolitan Police", "E92000001", "E12000007"),
    ("W15000001", "North Wales", "W92000004", None),
    ("E06000001", "Hartlepool", "E92000001", "E12000001"),
    ("E54000050", "North East ICB", "E92000001", None),
]
ORGANISATIONS = [
    ("E23000001", "E23000001", None),
    ("W15000001", "W15000001", None),
    ("E06000001", "E06000001", "HPL"),
    ("RX1", "E54000050", None),
]
NN = "nearest_neighbours:police_force_area:k7"
USER_A = "user_defined:police_force_area:a_forces"
USER_B = "user_defined:police_force_area:b_forces"
# comparison type, code, name, period, indicator, peer set id, peer set type, value, symbol,
# peer median, national value, quartile band, funnel method, outlier flag, direction
COMPARISONS = [
    ("police_force_area", "E23000001", "Metropolitan Police", "YE2019-03", "crime_rate", NN,
     "nearest_neighbours", 2.675, None, 93.35348310434374, -0.004, "A", "rate", "alarm",
     "Improving"),
    ("police_force_area", "E23000001", "Metropolitan Police", "YE2019-03", "crime_rate", USER_A,
     "user_defined", 2.675, None, None, -0.004, "A", "rate", "alarm", None),
    ("police_force_area", "E23000001", "Metropolitan Police", "YE2019-03", "crime_rate", USER_B,
     "user_defined", 2.675, None, 1.005, -0.004, None, None, "none", None),
    ("police_force_area", "W15000001", "North Wales", "YE2019-03", "crime_rate", NN,
     "nearest_neighbours", None, "c", 12.3449, 9.999, None, "rate", "none", None),
    ("council_upper_tier", "E06000001", "Hartlepool Borough Council", "FY2018-19",
     "spend_per_head", "same_type:council_upper_tier", "same_type", 1234.5, None, 99.4999, -2.5,
     "D", None, "none", "Worsening"),
    ("nhs_trust", "RX1", "A Hospital Trust", "YE2019-03", "within_4_hours", "all_organisations",
     "all_organisations", 0.9995, None, 0.0005, 0.12345, "B", "proportion", "alert", None),
]  # fmt: skip


def make_marts(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("create schema marts")
    con.execute(
        "create table marts.dim_period (period_key varchar, period_type varchar, end_year "
        "integer, period_end date, period_label varchar)"
    )
    con.executemany("insert into marts.dim_period values (?, ?, ?, ?, ?)", PERIODS)
    con.execute(
        "create table marts.dim_indicator (indicator_code varchar, indicator_name varchar, "
        "decimal_places integer, sector varchar, unit varchar)"
    )
    con.executemany("insert into marts.dim_indicator values (?, ?, ?, ?, ?)", INDICATORS)
    con.execute(
        "create table marts.dim_geography (geography_code varchar, geography_name varchar, "
        "country_code varchar, region_code varchar, is_current boolean default true, "
        "valid_from date)"
    )
    con.executemany(
        "insert into marts.dim_geography (geography_code, geography_name, country_code, "
        "region_code) values (?, ?, ?, ?)",
        GEOGRAPHY,
    )
    con.execute(
        "create table marts.dim_organisation (organisation_key varchar, organisation_code "
        "varchar, geography_code varchar, registry_code varchar, is_current boolean, "
        "valid_from date)"
    )
    con.executemany(
        "insert into marts.dim_organisation values (? || ':1', ?, ?, ?, true, null)",
        [(code, code, geo, reg) for code, geo, reg in ORGANISATIONS],
    )
    con.execute(
        """
        create table marts.rpt_indicator_comparison (
            comparison_type varchar, organisation_code varchar, organisation_name varchar,
            period_key varchar, indicator_code varchar, peer_set_id varchar,
            peer_set_type varchar, value double, status_symbol varchar, peer_median double,
            national_value double, quartile_band varchar, funnel_method varchar,
            outlier_flag varchar, direction_vs_year_earlier varchar, indicator_name varchar,
            rank_among_peers integer, peer_count integer, national_rank integer,
            organisations_reporting integer)
        """
    )
    con.executemany(
        "insert into marts.rpt_indicator_comparison select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?, i.indicator_name, 3, 7, 12, 43 from marts.dim_indicator i "
        "where i.indicator_code = $5",
        COMPARISONS,
    )


def rounded(value: float | None, places: int, symbol: str = "x") -> str:
    """Half away from zero on the printed value, done with Python's decimals (no negative 0)."""
    if value is None:
        return symbol
    q = Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return str(q.copy_abs() if q == 0 else q)


def read_csv(path: Path) -> list[dict[str, str]]:
    data = path.read_bytes()
    assert data.startswith(BOM)
    return list(csv.DictReader(io.StringIO(data[len(BOM) :].decode("utf-8"))))


@pytest.fixture
def written(tmp_path: Path) -> Path:
    con = duckdb.connect()
    make_marts(con)
    entries = write_ees(con, tmp_path)
    assert [e["path"] for e in entries] == [
        f"ees/indicator_comparison_{name}{suffix}"
        for name in (
            "council_upper_tier_financial_year",
            "nhs_trust_year_ending",
            "police_force_area_year_ending",
        )
        for suffix in (".csv", ".meta.csv")
    ]
    return tmp_path / "ees"


def test_the_police_file_has_the_standard_layout_and_rounded_values(written: Path):
    path = written / "indicator_comparison_police_force_area_year_ending.csv"
    header = path.read_bytes()[len(BOM) :].split(b"\n")[0].decode().split(",")
    assert header == [
        *MANDATORY,
        "region_code", "region_name", "pfa_code", "pfa_name",
        "rolling_year", "indicator_group", "indicator", "peer_set", "quartile_band",
        "funnel_position", "direction_on_year_earlier",
        "value", "peer_median", "rank_among_peers", "peer_count", "national_value",
        "national_rank", "organisations_reporting",
    ]  # fmt: skip
    rows = {(r["pfa_code"], r["peer_set"]): r for r in read_csv(path)}
    assert sorted(rows) == [
        ("E23000001", "A user-defined group (a forces)"),
        ("E23000001", "A user-defined group (b forces)"),
        ("E23000001", "Nearest neighbours"),
        ("W15000001", "Nearest neighbours"),
    ]
    met = rows["E23000001", "Nearest neighbours"]
    assert {k: met[k] for k in MANDATORY} == {
        "time_period": "2019",
        "time_identifier": "Reporting year",
        "geographic_level": "Police force area",
        "country_code": "E92000001",
        "country_name": "England",
    }
    assert (met["region_code"], met["region_name"], met["pfa_name"]) == (
        "E12000007",
        "London",
        "Metropolitan Police",
    )
    assert met["rolling_year"] == "Year ending March"
    assert met["indicator"] == "Crime rate (crimes per 1000 population)"
    assert met["indicator_group"] == "Police"
    assert met["funnel_position"] == "Alarm: outside the 99.8% limits"
    assert (
        (met["value"], met["peer_median"], met["national_value"])
        == (
            rounded(2.675, 2),
            rounded(93.35348310434374, 2),
            rounded(-0.004, 2),
        )
        == ("2.68", "93.35", "0.00")
    )
    assert (met["rank_among_peers"], met["peer_count"], met["national_rank"]) == ("3", "7", "12")
    user_a = rows["E23000001", "A user-defined group (a forces)"]
    assert (user_a["peer_median"], user_a["direction_on_year_earlier"]) == ("x", "No comparison")
    user_b = rows["E23000001", "A user-defined group (b forces)"]
    assert (user_b["peer_median"], user_b["quartile_band"]) == ("1.01", "Not banded")
    assert user_b["funnel_position"] == "No funnel plot"
    wales = rows["W15000001", "Nearest neighbours"]
    assert (wales["country_code"], wales["country_name"], wales["region_code"]) == (
        "W92000004",
        "Wales",
        "",
    )
    assert (wales["value"], wales["peer_median"], wales["national_value"]) == (
        "c",
        rounded(12.3449, 2),
        rounded(9.999, 2),
    )


def test_the_other_levels_and_time_identifiers(written: Path):
    [council] = read_csv(written / "indicator_comparison_council_upper_tier_financial_year.csv")
    assert (council["time_period"], council["time_identifier"]) == ("201819", "Financial year")
    assert council["geographic_level"] == "Local authority"
    assert (council["new_la_code"], council["old_la_code"], council["la_name"]) == (
        "E06000001",
        "",
        "Hartlepool Borough Council",
    )
    # the unit is in the name already, so not repeated
    assert council["indicator"] == "Spend per head (pounds per resident)"
    assert (
        (council["value"], council["peer_median"], council["national_value"])
        == (
            rounded(1234.5, 0),
            rounded(99.4999, 0),
            rounded(-2.5, 0),
        )
        == ("1235", "99", "-3")
    )
    [trust] = read_csv(written / "indicator_comparison_nhs_trust_year_ending.csv")
    assert (trust["geographic_level"], trust["institution_id"]) == ("Institution", "RX1")
    assert (
        (trust["value"], trust["peer_median"], trust["national_value"])
        == (
            rounded(0.9995, 3),
            rounded(0.0005, 3),
            rounded(0.12345, 3),
        )
        == ("1.000", "0.001", "0.123")
    )


def test_the_metadata_file_describes_filters_then_indicators(written: Path):
    meta = read_csv(written / "indicator_comparison_police_force_area_year_ending.meta.csv")
    assert list(meta[0]) == list(META_COLUMNS)
    assert [(m["col_name"], m["col_type"]) for m in meta] == [
        ("rolling_year", "Filter"),
        ("indicator", "Filter"),
        ("peer_set", "Filter"),
        ("quartile_band", "Filter"),
        ("funnel_position", "Filter"),
        ("direction_on_year_earlier", "Filter"),
        ("value", "Indicator"),
        ("peer_median", "Indicator"),
        ("rank_among_peers", "Indicator"),
        ("peer_count", "Indicator"),
        ("national_value", "Indicator"),
        ("national_rank", "Indicator"),
        ("organisations_reporting", "Indicator"),
    ]
    by_name = {m["col_name"]: m for m in meta}
    assert by_name["indicator"]["filter_grouping_column"] == "indicator_group"
    assert by_name["value"]["indicator_dp"] == "2"  # the crime rate's decimal places
    assert by_name["rank_among_peers"]["indicator_dp"] == "0"
    assert all(m["label"] for m in meta)
    assert all(m["filter_hint"] == "" for m in meta if m["col_type"] == "Indicator")
    trust = read_csv(written / "indicator_comparison_nhs_trust_year_ending.meta.csv")
    assert {m["col_name"]: m["indicator_dp"] for m in trust}["national_value"] == "3"


def test_rows_that_only_differ_in_their_indicators_are_refused(tmp_path: Path):
    con = duckdb.connect()
    make_marts(con)
    con.execute(
        "insert into marts.rpt_indicator_comparison select * replace (1.0 as value) "
        "from marts.rpt_indicator_comparison where organisation_code = 'RX1'"
    )
    with pytest.raises(PublicationError, match="nhs_trust_year_ending.csv: 1 combination"):
        write_ees(con, tmp_path)


def test_calendar_quarters_are_told_apart():
    """Four quarters of one year are four EES time periods, not one 'Reporting year' four times
    (the synthetic prison quarters collided and stopped the publish)."""
    from orchestration.publish.metadata.ees.layout import time_columns

    con = duckdb.connect()
    con.execute(
        "create table p as select * from (values ('quarter', 2022, 3, date '2022-03-31'),"
        " ('quarter', 2022, 12, date '2022-12-31'), ('month', 2022, 12, date '2022-12-31'))"
        " as t(period_type, end_year, end_month, period_end)"
    )
    assert con.execute(f"select {time_columns('p')} from p").fetchall() == [
        ("2022", "Calendar year Q1"),
        ("2022", "Calendar year Q4"),
        ("2022", "December"),
    ]
