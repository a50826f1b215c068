"""Local government, police money and the cross-sector marts in the release made from the shipped
data, each figure checked against a second reading of the published file it came from."""

from __future__ import annotations

import csv
import json

from python_calamine import CalamineWorkbook

from orchestration.paths import DEFAULT_DATA_DIR

LOCAL_GOV = DEFAULT_DATA_DIR / "local_gov"


def rows(con, sql, *params):
    return con.execute(sql, list(params)).fetchall()


def rs_cell(file: str, row: int, column: int):
    """A cell of the RS_LA_Data sheet, 1-based row, 0-based column, read straight off the file."""
    workbook = CalamineWorkbook.from_path(LOCAL_GOV / "mhclg_revenue_outturn_rs" / file)
    sheet = next(n for n in workbook.sheet_names if n.startswith("RS_LA_Data_"))
    return workbook.get_sheet_by_name(sheet).to_python()[row - 1][column]


def oflog_value(year: str, code: str, measure: str) -> float:
    path = LOCAL_GOV / "oflog_adult_social_care_metrics_2015-16_2022-23.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for record in csv.DictReader(handle):
            if (record["Financial year"], record["Local authority code"], record["Code"]) == (
                year,
                code,
                measure,
            ) and record["Grouping"] == "LA_Raw":
                return float(record["Value"])
    raise AssertionError(f"no Oflog row {year} {code} {measure}")


def test_the_new_marts_are_in_the_release(published, published_db):
    manifest = json.loads((published.releases_dir / "latest" / "manifest.json").read_text())
    tables = {m["table"] for m in manifest["marts"]}
    assert {"marts.rpt_value_for_money", "marts.rpt_area_use_of_resources"} <= tables
    sources = {s["path"] for s in manifest["sources"]}
    assert "data/local_gov/mhclg_revenue_outturn_rs/rs2021_22.xlsx" in sources
    assert "data/local_gov/mhclg_revenue_account_budget_ra/ra2021_22.xlsx" in sources


def test_bolton_value_for_money_from_the_workbook_and_oflog(published_db):
    # RS_LA_Data_2018-19: Bolton is on row 13, adult social care in column I (index 8)
    assert rs_cell("rs2018_19.xls", 13, 2) == "Bolton"
    spend_thousands = float(rs_cell("rs2018_19.xls", 13, 8))
    [(spend, population, outcome, position)] = rows(
        published_db,
        "select spend_per_head, population_of_spend_year, outcome_value, "
        "value_for_money_position from marts.rpt_value_for_money "
        "where pairing_id = 'adult_social_care__quality_of_life' "
        "and organisation_code = 'E08000001' and spend_period_key = 'FY2018-19'",
    )
    assert spend == 1000 * spend_thousands / population
    assert outcome == oflog_value("2018-19", "E08000001", "ASC2")
    assert position.endswith("outcome")


def test_value_for_money_never_pairs_different_years(published_db):
    # the outcome is the period ending on the same day as the spend year
    assert rows(
        published_db,
        "select count(*) from marts.rpt_value_for_money as v "
        "join marts.dim_period as s on s.period_key = v.spend_period_key "
        "join marts.dim_period as o on o.period_key = v.outcome_period_key "
        "where s.period_end <> o.period_end",
    ) == [(0,)]


def test_every_english_upper_tier_council_has_its_area(published_db):
    [(areas, councils)] = rows(
        published_db,
        "select count(distinct area_code), "
        "count(distinct area_code) filter (where role = 'council' and area_code like 'E%') "
        "from marts.rpt_area_use_of_resources",
    )
    # 153 English upper-tier councils on 2023 boundaries and the 22 Welsh unitary authorities
    assert (areas, councils) == (175, 153)


def test_police_report_card_carries_the_budget(published_db):
    # Surrey Police 2021-22 is past the last card quarter; 2018-19 is the budget year of the
    # cards for the years ending March to December 2019: same value as the registry
    [(card, registry)] = rows(
        published_db,
        "select c.net_revenue_expenditure_per_head, f.value "
        "from marts.rpt_police_report_card c join marts.fct_indicator_value f "
        "on f.organisation_code = c.force_code and f.period_key = c.spend_period_key "
        "and f.indicator_code = 'police_net_revenue_expenditure_per_head' "
        "where c.force_code = 'E23000031' and c.period_key = 'YE2019-12'",
    )
    assert card == registry and 150 < card < 250
