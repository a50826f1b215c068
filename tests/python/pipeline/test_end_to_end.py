"""The main job on the shipped data: published values checked against the publishers' own
figures and against a second computation made here, independently of the dbt SQL."""

from __future__ import annotations

import csv
import json

import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

from orchestration.paths import DEFAULT_DATA_DIR

from .long_series_reading import total_recorded_crime

DATA = DEFAULT_DATA_DIR
FIXTURE_P1_LONG = (
    DATA.parent / "tests/python/fixtures/ons_pfa_table_p1_recorded_crime_long_ye2018q1_ye2019q4.csv"
)
TOTAL = "total_recorded_crime_excluding_fraud"


def one(con, sql, *params):
    return con.execute(sql, list(params)).fetchone()


@pytest.fixture(scope="module")
def p1_long() -> pd.DataFrame:
    """Table P1 reshaped long by another party (RG-1427/Data-Analytics): a second reading."""
    frame = pd.read_csv(FIXTURE_P1_LONG, dtype=str)
    frame = frame[frame["offence_group"].str.startswith("Total recorded crime")]
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce")
    return frame.set_index(["year_ending", "area_code"])["value"]


@pytest.fixture(scope="module")
def pfa_population_mid_2018() -> dict[str, int]:
    """Mid-2018 population per PFA, summed here from the MYE4 sheet and the LAD23->PFA lookup."""
    sheet = (
        CalamineWorkbook.from_path(DATA / "geography/raw/LAD23_Mid_Year_pop_2011_to_2023.xlsx")
        .get_sheet_by_name("MYE4")
        .to_python()
    )
    header = sheet[7]
    column = header.index("Mid-2018")
    by_lad = {row[0]: int(row[column]) for row in sheet[8:] if row[0]}
    pfa_of = {}
    with open(DATA / "geography/ons_lad23_csp23_pfa23_lookup_ew.csv", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            pfa_of[row["LAD23CD"]] = row["PFA23CD"]
    totals: dict[str, int] = {}
    for lad, pfa in pfa_of.items():
        totals[pfa] = totals.get(pfa, 0) + by_lad[lad]
    return totals


def test_published_marts_are_all_there(published, published_db):
    tables = {
        name
        for (name,) in published_db.execute(
            "select table_name from information_schema.tables where table_schema = 'marts'"
        ).fetchall()
    }
    assert {
        "dim_geography",
        "dim_organisation",
        "dim_period",
        "dim_indicator",
        "fct_indicator_value",
        "rpt_police_recorded_crime",
        "rpt_police_force_workforce",
        "rpt_police_uk_street_crime_rolling",
        "fct_police_uk_street_crime_monthly",
        "rpt_police_population_basis",
    } <= tables
    manifest = json.loads((published.releases_dir / "latest" / "manifest.json").read_text())
    counts = {m["table"]: m["row_count"] for m in manifest["marts"]}
    # 55 areas ONS prints + British Transport Police, 56 year-ending quarters (the long series to
    # December 2018, then the workbooks), 23 offence groups; the three quarters of the April 2017
    # burglary change carry both the retired and the new pair of burglary groups
    assert counts["marts.rpt_police_recorded_crime"] == 56 * 56 * 23 + 56 * 3 * 2
    assert all(check["passed"] for check in manifest["checks"])
    assert any(s["path"].endswith("pfatablesdec19.xlsx") for s in manifest["sources"])


def test_cleveland_count_and_rate(published_db, pfa_population_mid_2018):
    # Dec 2019 workbook, Table P1, cell C10: Cleveland total recorded crime 69197
    count, population, rate, mid_year = one(
        published_db,
        "select recorded_crimes, population, crimes_per_1000_population, population_mid_year "
        "from marts.rpt_police_recorded_crime where area_code = 'E23000013' "
        "and period_key = 'YE2019-12' and offence_group_code = ?",
        TOTAL,
    )
    assert count == 69197
    assert mid_year == 2018  # ONS used mid-2018 estimates for year ending June-December 2019
    assert population == pfa_population_mid_2018["E23000013"]
    assert rate == pytest.approx(1000 * 69197 / pfa_population_mid_2018["E23000013"], rel=1e-12)


def test_greater_manchester_is_missing_not_zero(published_db):
    # Dec 2019 workbook, Table P1, row 16: Greater Manchester '..' in every column
    value, symbol, reason = one(
        published_db,
        "select value, status_symbol, status_reason from marts.fct_indicator_value "
        "where indicator_code = ? and period_key = 'YE2019-12' and geography_code = 'E23000005'",
        f"police_recorded_crimes__{TOTAL}",
    )
    assert value is None and symbol == "x" and ".." in reason


def test_national_change_compares_like_with_like(published_db, p1_long, pfa_population_mid_2018):
    # England and Wales, year ending Dec 2019, excludes GMP (footnote 8): so must the year before
    current = p1_long[("2019-12", "K04000001")]
    previous = p1_long[("2018-12", "K04000001")] - p1_long[("2018-12", "E23000005")]
    count, change, coverage, missing, population = one(
        published_db,
        "select recorded_crimes, percent_change_on_previous_year, coverage, "
        "forces_not_reporting_codes, population from marts.rpt_police_recorded_crime "
        "where area_code = 'K04000001' and period_key = 'YE2019-12' and offence_group_code = ?",
        TOTAL,
    )
    assert count == current == 5013284
    assert change == pytest.approx(100 * (current - previous) / previous, rel=1e-12)
    assert (coverage, missing) == ("partial", "E23000005")
    # the rate's population leaves Greater Manchester out too
    ew_pfa_population = sum(v for k, v in pfa_population_mid_2018.items())
    assert population == ew_pfa_population - pfa_population_mid_2018["E23000005"]


def test_force_change_matches_second_reading(published_db, p1_long):
    # Gwent, year ending June 2019 (its workbook) on June 2018 as revised in the long series, the
    # latest release before it: the first-published June 2018 count is 69 higher
    change, basis = one(
        published_db,
        "select percent_change_on_previous_year, previous_year_basis "
        "from marts.rpt_police_recorded_crime "
        "where area_code = 'W15000002' and period_key = 'YE2019-06' and offence_group_code = ?",
        TOTAL,
    )
    now = p1_long[("2019-06", "W15000002")]
    before = total_recorded_crime()[("W15000002", "2018-06")]
    assert before == p1_long[("2018-06", "W15000002")] - 69
    assert basis == "earlier_publication"
    assert change == pytest.approx(100 * (now - before) / before, rel=1e-12)


def test_street_rolling_total_counts_csv_rows(published_db):
    # Gwent, 12 months to December 2020: every CSV row except anti-social behaviour
    expected = 0
    for month in range(1, 13):
        with open(DATA / f"police/police_uk_street/2020-{month:02d}-gwent-street.csv") as f:
            expected += sum(
                1 for row in csv.DictReader(f) if row["Crime type"] != "Anti-social behaviour"
            )
    total, coverage = one(
        published_db,
        "select rolling_12_month_crimes, rolling_12_month_coverage "
        "from marts.rpt_police_uk_street_crime_rolling "
        "where force_code = 'W15000002' and crime_type = 'All crime' "
        "and year_ending_period_key = 'YE2020-12'",
    )
    assert (total, coverage) == (expected, "complete")


def test_street_rolling_total_is_missing_until_twelve_months(published_db):
    # City of London files start in January 2017: June 2017 has only 6 months behind it
    total, loaded, coverage = one(
        published_db,
        "select rolling_12_month_crimes, months_loaded_in_window, rolling_12_month_coverage "
        "from marts.rpt_police_uk_street_crime_rolling "
        "where force_code = 'E23000034' and crime_type = 'All crime' "
        "and year_ending_period_key = 'YE2017-06'",
    )
    assert (total, loaded, coverage) == (None, 6, "incomplete")


def test_officers_and_crimes_per_officer(published_db):
    # Home Office workforce table: Cleveland police officers FTE as at 31 March 2019 summed by
    # hand over its rows = 1198.27; ONS Table P1 year ending March 2019, Cleveland total
    officers, per_officer, crimes = one(
        published_db,
        "select officer_fte, recorded_crimes_per_officer, recorded_crimes_year_ending_march "
        "from marts.rpt_police_force_workforce where force_code = 'E23000013' "
        "and period_key = 'AT2019-03-31'",
    )
    assert officers == pytest.approx(1198.27, abs=1e-6)
    assert per_officer == pytest.approx(crimes / 1198.27)


def test_abolished_district_rolls_up_to_successor(published_db):
    rows = dict(
        published_db.execute(
            "select geography_code, current_geography_code from marts.dim_geography "
            "where geography_code in ('E07000201', 'E07000190', 'E08000020', 'E07000245')"
        ).fetchall()
    )
    assert rows == {
        "E07000201": "E07000245",  # Forest Heath -> West Suffolk (2019)
        "E07000190": "E06000066",  # Taunton Deane -> Somerset West and Taunton -> Somerset
        "E08000020": "E08000037",  # Gateshead recoded
        "E07000245": "E07000245",
    }


def test_every_indicator_states_method_source_and_licence(published_db):
    rows = published_db.execute(
        "select indicator_code from marts.dim_indicator "
        "where method is null or source_title is null or licence is null"
    ).fetchall()
    assert rows == []
    # 25 offence groups (Table P1's 23, and domestic and non-domestic burglary of the long
    # series to 2017) x (count, rate, change), 5 more police indicators, 7 Oflog metrics;
    # health: 4 A&E + the cost index; education: 5 KS2 + the 11 default LAIT measures;
    # councils: spend per head on 3 services; police money per head and per officer, from the
    # RA budget and from the RS outturn; justice: 4 proven reoffending, 2 prison ratings
    assert one(published_db, "select count(*) from marts.dim_indicator")[0] == (
        25 * 3 + 5 + 7 + 4 + 1 + 5 + 11 + 3 + 2 + 2 + 4 + 2
    )


def test_oflog_metric_and_its_polarity(published_db):
    # Oflog ASC CSV, row 2: 2016-17, E06000005 Darlington, ASC1 carer quality of life, 7.6, desc
    value = one(
        published_db,
        "select value from marts.fct_indicator_value where indicator_code = 'oflog_asc__asc1' "
        "and period_key = 'FY2016-17' and geography_code = 'E06000005'",
    )[0]
    assert value == pytest.approx(7.6)
    polarity = dict(
        published_db.execute(
            "select indicator_code, polarity from marts.dim_indicator "
            "where indicator_code in ('oflog_asc__asc1', 'oflog_asc__asc6')"
        ).fetchall()
    )
    # rank_order 'desc' -> higher is better; 'None' -> no polarity
    assert polarity == {"oflog_asc__asc1": "higher_is_better", "oflog_asc__asc6": None}
