"""The semantic layer (models/marts/semantic/) queried as an analyst queries it: MetricFlow's
`mf query` on the published database of the session's run (profile target `published`, attached
read-only), its answers checked against the published marts with SQL of this module's own.

One `mf` process answers every headline metric by organisation and quarter (about 7 s, mostly
its start-up); the other checks read dbt's semantic manifest and the published database.
"""

from __future__ import annotations

import csv
import json
import math
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from orchestration.paths import PROJECT_DIR, FrontlinePaths
from orchestration.transform.project import DBT_ENV, ensure_manifest

MF = Path(sys.executable).with_name("mf")
CRIME_RATE = "police_crime_rate__total_recorded_crime_excluding_fraud"

# metric: (indicator code, how a value is made from fct_indicator_value's organisation rows,
# the period type it reads when an indicator has two), written out here rather than read back from
# the YAML, so a wrong filter or scale in the YAML fails the comparison
RATIO_PER_1000 = "1000 x sum(numerator) / sum(denominator)"
RATIO_PERCENT = "100 x sum(numerator) / sum(denominator)"
RATIO = "sum(numerator) / sum(denominator)"
COUNT = "sum(numerator)"
HEADLINE_METRICS = {
    "police_crime_rate": (CRIME_RATE, RATIO_PER_1000, None),
    "police_recorded_crimes": (
        "police_recorded_crimes__total_recorded_crime_excluding_fraud",
        COUNT,
        None,
    ),
    "police_crime_change_percent": (
        "police_crime_change__total_recorded_crime_excluding_fraud",
        RATIO_PERCENT,
        None,
    ),
    "police_officers_per_1000": ("police_officers_per_1000_population", RATIO_PER_1000, None),
    "police_officers_fte": ("police_officers_fte", COUNT, None),
    "police_crimes_per_officer": ("police_crimes_per_officer", RATIO, None),
    "police_spend_per_head": ("police_net_revenue_expenditure_per_head", RATIO, None),
    "ae_within_4_hours_share": ("nhse_ae_within_4_hours_all_types", RATIO, "month"),
    "ae_type_1_within_4_hours_share": ("nhse_ae_within_4_hours_type_1", RATIO, "month"),
    "ae_attendances": ("nhse_ae_attendances_all_types", COUNT, "month"),
    "ks2_expected_standard_share": ("dfe_ks2_rwm_expected_standard", RATIO, None),
    "ks2_higher_standard_share": ("dfe_ks2_rwm_higher_standard", RATIO, None),
    "asc_spend_per_head": ("la_net_current_expenditure_per_head__adult_social_care", RATIO, None),
    "childrens_social_care_spend_per_head": (
        "la_net_current_expenditure_per_head__childrens_social_care",
        RATIO,
        None,
    ),
    "public_health_spend_per_head": (
        "la_net_current_expenditure_per_head__public_health",
        RATIO,
        None,
    ),
}
EXPECTED_SQL = {
    RATIO_PER_1000: "1000 * sum(numerator) / sum(denominator)",
    RATIO_PERCENT: "100 * sum(numerator) / sum(denominator)",
    RATIO: "sum(numerator) / sum(denominator)",
    COUNT: "sum(numerator)",
}


def semantic_manifest_path() -> Path:
    """dbt writes semantic_manifest.json beside manifest.json on every parse."""
    return ensure_manifest().with_name("semantic_manifest.json")


@pytest.fixture(scope="module")
def semantic_manifest() -> dict:
    return json.loads(semantic_manifest_path().read_text())


def mf_query(paths: FrontlinePaths, args: list[str], workdir: Path) -> list[dict[str, str]]:
    """`mf query ... --csv` on the home's published database, read-only; the rows it wrote.

    mf reads <project>/target/semantic_manifest.json whatever dbt's target path, so it runs in a
    project folder of its own (dbt_project.yml and that file; its log goes there too), with the
    checkout's profiles.yml.
    """
    project = workdir / "mf_project"
    (project / "target").mkdir(parents=True)
    shutil.copy(PROJECT_DIR / "dbt_project.yml", project)
    shutil.copy(semantic_manifest_path(), project / "target" / "semantic_manifest.json")
    env = {
        **os.environ,
        **DBT_ENV,
        "DBT_PROJECT_DIR": str(project),
        "DBT_TARGET": "published",
        "FRONTLINE_HOME": str(paths.home),
    }
    out = workdir / "mf.csv"
    result = subprocess.run(
        [str(MF), "query", *args, "--csv", str(out), "--quiet"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0 and out.exists(), result.stdout + result.stderr
    with out.open(newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def headline_by_organisation_and_quarter(published, tmp_path_factory) -> list[dict[str, str]]:
    return mf_query(
        published,
        [
            "--metrics",
            ",".join(sorted(HEADLINE_METRICS)),
            "--group-by",
            "organisation,metric_time__quarter",
        ],
        tmp_path_factory.mktemp("mf"),
    )


def _number(text: str) -> float | None:
    return float(text) if text != "" else None


def by_key(rows: list[dict[str, str]], metric: str) -> dict[tuple[date, str], float]:
    """(quarter, organisation code) -> the metric's value, where mf gave one."""
    return {
        (date.fromisoformat(row["metric_time__quarter"][:10]), row["organisation"]): value
        for row in rows
        if (value := _number(row[metric])) is not None
    }


def close(left: dict, right: dict) -> bool:
    return left.keys() == right.keys() and all(
        math.isclose(left[key], right[key], rel_tol=1e-12, abs_tol=1e-9) for key in left
    )


def test_mf_query_gives_the_crime_rate_of_every_force_in_the_latest_quarter(
    headline_by_organisation_and_quarter, published_db
):
    rates = by_key(headline_by_organisation_and_quarter, "police_crime_rate")
    rows = published_db.execute(
        """
        select year_ending, area_code, crimes_per_1000_population
        from marts.rpt_police_recorded_crime
        where area_level = 'police_force_area'
          and offence_group_code = 'total_recorded_crime_excluding_fraud'
          and crimes_per_1000_population is not null
          and year_ending = (select max(year_ending) from marts.rpt_police_recorded_crime)
        """
    ).fetchall()
    year_ending = rows[0][0]
    quarter = date(year_ending.year, 3 * ((year_ending.month - 1) // 3) + 1, 1)
    assert max(key[0] for key in rates) == quarter  # the latest quarter mf knows is the mart's
    latest = {code: rate for (when, code), rate in rates.items() if when == quarter}
    assert len(latest) >= 40  # 43 territorial forces, less those that did not report
    assert close(latest, {code: rate for _, code, rate in rows})
    assert latest["E23000013"] == pytest.approx(122.0126, abs=1e-4)  # Cleveland, as in README


def test_every_headline_metric_equals_its_sums_over_the_indicator_spine(
    headline_by_organisation_and_quarter, published_db
):
    wrong = []
    for metric, (indicator_code, method, period_type) in sorted(HEADLINE_METRICS.items()):
        rows = published_db.execute(
            f"""
            select date_trunc('quarter', periods.period_end)::date, organisation_code,
                {EXPECTED_SQL[method]}
            from marts.fct_indicator_value
            inner join marts.dim_period as periods using (period_key)
            where indicator_code = $code
              and organisation_code is not null
              and ($period_type is null or periods.period_type = $period_type)
              and numerator is not null
              and (denominator is not null or $count)
            group by all
            """,
            {"code": indicator_code, "period_type": period_type, "count": method == COUNT},
        ).fetchall()
        expected = {(quarter, code): value for quarter, code, value in rows if value is not None}
        found = by_key(headline_by_organisation_and_quarter, metric)
        if not expected or not close(found, expected):
            wrong.append(f"{metric}: {len(found)} values from mf, {len(expected)} by SQL")
    assert wrong == []


def test_every_indicator_metric_carries_the_indicators_unit_polarity_and_publisher(
    semantic_manifest, published_db
):
    registry = {
        code: {"unit": unit, "polarity": polarity, "publisher": publisher}
        for code, unit, polarity, publisher in published_db.execute(
            "select indicator_code, unit, polarity, publisher from marts.dim_indicator"
        ).fetchall()
    }
    metrics = {metric["name"]: metric for metric in semantic_manifest["metrics"]}
    meta = {name: metric["config"]["meta"] for name, metric in metrics.items()}
    indicator_metrics = sorted(name for name, values in meta.items() if "indicator_code" in values)
    assert indicator_metrics == sorted(HEADLINE_METRICS)
    assert {
        name: {key: meta[name][key] for key in registry[CRIME_RATE]} for name in indicator_metrics
    } == {name: registry[meta[name]["indicator_code"]] for name in indicator_metrics}
    for name in indicator_metrics:
        code = meta[name]["indicator_code"]
        assert code == HEADLINE_METRICS[name][0]
        filters = " ".join(
            item["where_sql_template"] for item in metrics[name]["filter"]["where_filters"]
        )
        assert f"= '{code}'" in filters, name
        assert metrics[name]["label"] and metrics[name]["description"], name


def test_metric_time_is_the_period_end_of_dim_period(semantic_manifest, published_db):
    """indicator_values' period_end is computed from the period key (MetricFlow aggregates a
    measure by a time dimension of its own table): it must equal dim_period's for every key."""
    model = next(m for m in semantic_manifest["semantic_models"] if m["name"] == "indicator_values")
    assert model["defaults"]["agg_time_dimension"] == "period_end"
    expr = next(d["expr"] for d in model["dimensions"] if d["name"] == "period_end")
    mismatched = published_db.execute(
        f"select period_key from marts.dim_period where ({expr}) is distinct from period_end"
    ).fetchall()
    assert mismatched == []
