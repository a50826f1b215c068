"""Health and education in the release made from the shipped data, each figure checked against a
second reading of the published file it came from (or a second publisher's figure)."""

from __future__ import annotations

import csv
import json

import pandas as pd
import pytest

from orchestration.paths import DEFAULT_DATA_DIR

KS2 = DEFAULT_DATA_DIR / "education" / "dfe_ks2_performance_tables"


def rows(con, sql, *params):
    return con.execute(sql, list(params)).fetchall()


def ks2_file(year: str, la: str) -> list[dict[str, str]]:
    with (KS2 / f"{year}_{la}_ks2final.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_both_sectors_are_in_the_release(published, published_db):
    manifest = json.loads((published.releases_dir / "latest" / "manifest.json").read_text())
    tables = {m["table"] for m in manifest["marts"]}
    assert {
        "marts.rpt_education_ks2_school_results",
        "marts.rpt_education_ks2_la_reconciliation",
        "marts.rpt_nhs_cost_index",
        "marts.rpt_nhs_unit_cost_spread",
    } <= tables
    sources = {s["path"] for s in manifest["sources"]}
    assert "data/health/nhse_ae_monthly_by_provider/ae_monthly_2025-06.csv" in sources
    assert "data/education/dfe_ks2_performance_tables/2018-2019_936_ks2final.csv" in sources
    assert "data/education/dfe_lait/dfe_lait_bds_long.parquet" in sources
    assert manifest["synthetic"] is False
    disclosure = [c for c in manifest["checks"] if c["name"].startswith("disclosure")]
    assert disclosure and all(c["passed"] and c["blocking"] for c in disclosure)
    kinds = dict(
        rows(
            published_db,
            "select organisation_type, count(*) from marts.dim_organisation group by 1",
        )
    )
    assert kinds["nhs_trust"] == 273  # ODS etr.csv: 273 records
    assert kinds["school"] > 569  # the KS2 mainstream schools, special schools, GIAS-only schools


def test_royal_free_type_1_four_hour_performance_june_2025(published_db):
    # ae_monthly_2025-06.csv row 141 (RAL): type 1 25,688 + booked type 1 153 = 25,841
    # attendances; over 4 hours 8,647 + 58 = 8,705; within 4 hours 17,136
    with (
        DEFAULT_DATA_DIR / "health" / "nhse_ae_monthly_by_provider" / "ae_monthly_2025-06.csv"
    ).open(encoding="utf-8-sig", newline="") as handle:
        ral = next(r for r in csv.DictReader(handle) if r["Org Code"] == "RAL")
    attendances = int(ral["A&E attendances Type 1"]) + int(
        ral["A&E attendances Booked Appointments Type 1"]
    )
    over = int(ral["Attendances over 4hrs Type 1"]) + int(
        ral["Attendances over 4hrs Booked Appointments Type 1"]
    )
    [(numerator, denominator, value)] = rows(
        published_db,
        "select numerator, denominator, value from marts.fct_indicator_value "
        "where indicator_code = 'nhse_ae_within_4_hours_type_1' and period_key = 'M2025-06' "
        "and organisation_code = 'RAL'",
    )
    assert (numerator, denominator) == (attendances - over, attendances) == (17136, 25841)
    assert value == pytest.approx(17136 / 25841)
    [(band, method)] = rows(
        published_db,
        "select distinct quartile_band, funnel_method from marts.rpt_indicator_comparison "
        "where indicator_code = 'nhse_ae_within_4_hours_type_1' and period_key = 'M2025-06' "
        "and organisation_code = 'RAL'",
    )
    assert method == "proportion" and band in {"A", "B", "C", "D"}


def test_school_result_and_dfe_suppression_carry_through(published_db):
    # schools: RECTYPE 1 (mainstream) and 2 (special); DfE omits a record's trailing empty cells
    surrey = [r for r in ks2_file("2018-2019", "936") if r["RECTYPE"] in {"1", "2"}]
    published = next(
        r for r in surrey if (r["PTRWM_EXP"] or "").endswith("%") and r["TELIG"].isdigit()
    )
    [(value, denominator)] = rows(
        published_db,
        "select value, denominator from marts.fct_indicator_value "
        "where indicator_code = 'dfe_ks2_rwm_expected_standard' and period_key = 'AY2018-19' "
        "and organisation_code = ?",
        published["URN"],
    )
    assert value == pytest.approx(int(published["PTRWM_EXP"].rstrip("%")) / 100)
    assert denominator == int(published["TELIG"])
    suppressed = [r["URN"] for r in surrey if r["PTRWM_EXP"] == "SUPP"]
    assert len(suppressed) == 3  # three special schools with small cohorts in this file
    symbols = dict(
        rows(
            published_db,
            "select organisation_code, status_symbol from marts.fct_indicator_value "
            "where indicator_code = 'dfe_ks2_rwm_expected_standard' and period_key = 'AY2018-19' "
            "and organisation_code in (select unnest(?::varchar[]))",
            suppressed,
        )
    )
    assert set(symbols) == set(suppressed) and set(symbols.values()) == {"c"}
    # nothing is published for a cohort below the registry threshold (DfE: fewer than 6)
    small = rows(
        published_db,
        "select count(*) from marts.fct_indicator_value f join marts.dim_indicator i "
        "using (indicator_code) where i.disclosure_threshold is not null "
        "and f.denominator < i.disclosure_threshold",
    )
    assert small == [(0,)]
    # nor in the school results mart, which prints the cohort beside each result (DfE prints it
    # beside SUPP; Frontline's registry rule withholds it)
    cohorts = rows(
        published_db,
        "select count(*) filter (where eligible_pupils between 1 and 5), "
        "count(*) filter (where eligible_pupils_status_symbol = 'c') "
        "from marts.rpt_education_ks2_school_results",
    )
    assert cohorts == [(0, 26)]  # the 26 SUPP school rows of the six files


def test_ks2_la_aggregate_agrees_with_lait_to_the_whole_percent(published_db):
    """Frontline's cohort-weighted Hampshire and Surrey figures from school rows, against the
    LA figure DfE publishes in the Local Authority Interactive Tool (a second publication)."""
    frame = pd.DataFrame(
        rows(
            published_db,
            "select ours.geography_code, ours.period_key, ours.value, lait.value "
            "from marts.fct_indicator_value ours join marts.fct_indicator_value lait "
            "using (geography_code, period_key) "
            "where ours.indicator_code = 'dfe_ks2_rwm_expected_standard' "
            "and lait.indicator_code = 'dfe_lait__ks2rwm_expected_std' "
            "and ours.geography_code in ('E10000014', 'E10000030')",
        ),
        columns=["la", "period", "ours", "lait"],
    )
    assert len(frame) == 6  # 2 LAs x 3 years
    assert (frame["ours"] * 100).round().tolist() == frame["lait"].tolist()


def test_lait_quartile_band_and_statistical_neighbours(published_db):
    # LAIT Attainment 8, 2024: Surrey 51 (band A, LAIT shows green), Blackpool 34.8 (band D),
    # England 45.9
    found = dict(
        (code, (value, band, national))
        for code, value, band, national in rows(
            published_db,
            "select distinct organisation_code, value, quartile_band, national_value "
            "from marts.rpt_indicator_comparison "
            "where indicator_code = 'dfe_lait__avg_attain8_score' and period_key = 'AY2023-24' "
            "and organisation_code in ('E10000030', 'E06000009')",
        )
    )
    assert found == {"E10000030": (51.0, "A", 45.9), "E06000009": (34.8, "D", 45.9)}
    # DfE statistical neighbours (May 2025): Barking and Dagenham's first is Enfield
    [(peer,)] = rows(
        published_db,
        "select peer_code from marts.rpt_peer_groups "
        "where peer_set_type = 'dfe_statistical_neighbours' and organisation_code = 'E09000002' "
        "and peer_rank = 1",
    )
    assert peer == "E09000010"


def test_acute_trusts_are_compared_with_acute_trusts(published_db):
    """The nhs_type_1_trusts peer set: Royal Free's all-types 4-hour performance for the year to
    June 2025 against the median of the other trusts with a type 1 department, recomputed from
    the 12 monthly CSVs (July 2024 to June 2025), booked appointments included."""
    folder = DEFAULT_DATA_DIR / "health" / "nhse_ae_monthly_by_provider"
    with (DEFAULT_DATA_DIR / "health" / "ods_etr_nhs_trusts.csv").open(newline="") as handle:
        trusts = {row[0] for row in csv.reader(handle)}
    frames = [
        pd.read_csv(path, dtype={"Org Code": str})
        for path in sorted(folder.glob("ae_monthly_*.csv"))
        if path.stem >= "ae_monthly_2024-07"
    ]
    assert len(frames) == 12
    months = pd.concat(frames)
    attendances = [c for c in months.columns if c.startswith("A&E attendances")]
    over = [c for c in months.columns if c.startswith("Attendances over 4hrs")]
    months["all"] = months[attendances].sum(axis=1)
    months["over"] = months[over].sum(axis=1)
    months["type_1"] = (
        months["A&E attendances Type 1"] + months["A&E attendances Booked Appointments Type 1"]
    )
    every_month = pd.concat(pd.read_csv(p, dtype={"Org Code": str}) for p in folder.glob("*.csv"))
    type_1 = set(every_month.loc[every_month["A&E attendances Type 1"] > 0, "Org Code"]) & trusts
    grouped = months[months["Org Code"].isin(type_1)].groupby("Org Code")
    year = grouped[["all", "over"]].sum()
    # a rolling year needs all 12 months (a trust missing a month has no value, status x)
    year = year[(grouped.size() == 12) & (year["all"] > 0)]
    share = 1 - year["over"] / year["all"]
    expected_median = share.drop("RAL").median()
    [(value, median, peers)] = rows(
        published_db,
        "select value, peer_median, peer_count from marts.rpt_indicator_comparison "
        "where indicator_code = 'nhse_ae_within_4_hours_all_types' and period_key = 'YE2025-06' "
        "and organisation_code = 'RAL' and peer_set_type = 'nhs_type_1_trusts'",
    )
    assert value == pytest.approx(share["RAL"])
    assert peers == len(share) - 1
    assert median == pytest.approx(expected_median)
    # a community trust (Kent Community Health, minor injury units only) is not in the set
    assert rows(
        published_db,
        "select count(*) from marts.rpt_peer_groups "
        "where peer_set_type = 'nhs_type_1_trusts' and organisation_code = 'RYY'",
    ) == [(0,)]
