"""Defect 8 of issue 10: the KS2 LA reconciliation gave away the cohorts the school mart withholds.

Surrey 2017-18 (DfE's file 2017-2018_936_ks2final.csv, shipped): two special schools, URNs
125457 and 138766, have 5 eligible pupils each; DfE prints SUPP for their results and Frontline
withholds their cohorts (threshold 6). The reconciliation mart used to publish
schools_left_out = 2 and pupils_left_out = 10 beside them, and DfE's LA TELIG (12,122) beside the
published school cohorts (12,112): two cohorts of 1..5 pupils adding up to 10 are both 5.

The blocking check, as the real dbt YAML declares it, runs here on a small database holding
the school rows as the school mart publishes them (built from DfE's file) and the LA rows: it
fails on the rows the mart published before the fix and passes on the rows it publishes now.
"""

import re
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from orchestration.paths import DEFAULT_DATA_DIR
from orchestration.quality.disclosure_checks import audit_mart, check_result, disclosure_marts
from orchestration.transform.assets import dbt_manifest

KS2_FILE = (
    DEFAULT_DATA_DIR / "education" / "dfe_ks2_performance_tables" / "2017-2018_936_ks2final.csv"
)
SURREY, PERIOD, THRESHOLD = "E10000030", "AY2017-18", 6
VALUE_FIELDS = {  # indicator -> (DfE field, the school mart's value column)
    "dfe_ks2_rwm_expected_standard": ("PTRWM_EXP", "rwm_expected_value"),
    "dfe_ks2_rwm_higher_standard": ("PTRWM_HIGH", "rwm_higher_value"),
    "dfe_ks2_reading_progress": ("READPROG", "reading_progress"),
    "dfe_ks2_writing_progress": ("WRITPROG", "writing_progress"),
    "dfe_ks2_maths_progress": ("MATPROG", "maths_progress"),
}
NUMBER = re.compile(r"^-?\d+(\.\d+)?%?$")


def dfe_file() -> pd.DataFrame:
    if not KS2_FILE.exists():
        pytest.skip(f"{KS2_FILE} is not shipped")
    return pd.read_csv(KS2_FILE, dtype=str, encoding="utf-8-sig", keep_default_na=False)


def number(text: str) -> float | None:
    return float(text.rstrip("%")) if NUMBER.match(text) else None


def school_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The school rows as rpt_education_ks2_school_results publishes them: a cohort below 6 is
    withheld (symbol c) with every result; a blank TELIG is z (no eligible pupils)."""
    rows = []
    for record in frame[frame["RECTYPE"].isin(["1", "2"])].to_dict("records"):
        telig = number(record["TELIG"])
        withheld = telig is not None and 0 < telig < THRESHOLD
        row = {
            "urn": record["URN"],
            "la_code": SURREY,
            "period_key": PERIOD,
            "eligible_pupils": None if withheld else telig,
            "eligible_pupils_status_symbol": "c" if withheld else ("z" if telig is None else None),
        }
        for field, column in VALUE_FIELDS.values():
            row[column] = None if withheld else number(record[field])
        rows.append(row)
    return pd.DataFrame(rows).astype({"eligible_pupils": float})


def reconciliation_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The LA rows as the mart published them before the fix, computed from DfE's file."""
    schools = frame[frame["RECTYPE"].isin(["1", "2"]) & (frame["TELIG"] != "")]
    telig = schools["TELIG"].astype(float)
    [la_telig] = frame.loc[frame["RECTYPE"] == "3", "TELIG"].astype(float)
    rows = []
    for indicator, (field, _) in VALUE_FIELDS.items():
        left_out = schools[field].map(number).isna() & (telig > 0)
        if field.endswith("PROG"):  # pupils in the progress measure: round(TELIG x coverage)
            coverage = schools[field.replace("PROG", "COV")].map(number)
            included = (telig * coverage / 100).round()[~left_out].sum()
        else:
            included = telig[~left_out].sum()
        rows.append(
            {
                "la_code": SURREY,
                "period_key": PERIOD,
                "indicator_code": indicator,
                "schools_left_out": int(left_out.sum()),
                "pupils_included": included,
                "pupils_left_out": telig[left_out].sum(),
                "eligible_pupils_in_school_rows": telig.sum(),
                "dfe_eligible_pupils": la_telig,
            }
        )
    return pd.DataFrame(rows)


INDICATORS = pd.DataFrame(
    {
        "indicator_code": list(VALUE_FIELDS),
        "sector": "education",
        "measure": ["proportion", "proportion", "score", "score", "score"],
        "unit": "pupils",
        "disclosure_threshold": THRESHOLD,
        "disclosure_rounding_base": None,
        "disclosure_symbol": "c",
        "disclosure_threshold_applies_to": "denominator",
    }
)


@pytest.fixture(scope="module")
def mart():
    [mart] = [
        m
        for m in disclosure_marts(dbt_manifest())
        if m.table == "rpt_education_ks2_la_reconciliation"
    ]
    return mart


@pytest.fixture(scope="module")
def before() -> pd.DataFrame:
    return reconciliation_rows(dfe_file())


def audit(tmp_path: Path, mart, la_rows: pd.DataFrame):
    db = str(tmp_path / "warehouse.duckdb")
    members = dict(mart.member_relations)["rpt_education_ks2_school_results"]
    tables = {
        mart.relation: la_rows,
        members: school_rows(dfe_file()),
        f"{mart.schema}.dim_indicator": INDICATORS,
    }
    with duckdb.connect(db) as con:
        for relation, frame in tables.items():
            con.execute(f"create schema if not exists {relation.split('.')[0]}")
            con.register("frame", frame)
            con.execute(f"create table {relation} as select * from frame")
            con.unregister("frame")
    result = audit_mart(db, mart)
    return result, check_result(mart, result)


def test_the_rows_published_before_the_fix_are_those_of_the_issue(before):
    rwm = before.set_index("indicator_code").loc["dfe_ks2_rwm_expected_standard"]
    assert (rwm.schools_left_out, rwm.pupils_left_out) == (2, 10)
    assert (rwm.dfe_eligible_pupils, rwm.pupils_included) == (12122, 12112)
    withheld = school_rows(dfe_file()).query("eligible_pupils_status_symbol == 'c'")
    assert sorted(withheld["urn"]) == ["125457", "138766"]


def test_the_gate_fails_on_the_rows_published_before_the_fix(tmp_path, mart, before):
    result, evaluation = audit(tmp_path, mart, before)
    assert not evaluation.passed
    assert result.tables == 5
    pinned = {
        (f.row, f.reason.rsplit("(= ", 1)[1].rstrip(")"))
        for f in result.findings
        if "pinned down by subtraction" in f.reason
    }
    assert pinned == {("125457", "5"), ("138766", "5")}
    # every indicator's table gives them away, each total on its own
    tables = {f.table for f in result.findings}
    assert tables == {f"rpt_education_ks2_la_reconciliation[{i} {PERIOD}]" for i in VALUE_FIELDS}
    assert "\n" not in evaluation.description


def withhold(rows: pd.DataFrame, *columns: str) -> pd.DataFrame:
    withheld = rows.copy()
    withheld[list(columns)] = None
    return withheld.astype({c: float for c in columns})


TOTALS = ("pupils_left_out", "eligible_pupils_in_school_rows", "dfe_eligible_pupils")


def test_the_gate_passes_on_the_rows_published_now(tmp_path, mart, before):
    # the mart now withholds every pupil total that includes a withheld cohort (symbol c)
    result, evaluation = audit(tmp_path, mart, withhold(before, *TOTALS))
    assert evaluation.passed, result.findings[:3]
    assert result.tables == 5


@pytest.mark.parametrize("restored", TOTALS)
def test_the_gate_catches_each_total_on_its_own(tmp_path, mart, before, restored):
    rows = withhold(before, *(c for c in TOTALS if c != restored))
    rows[restored] = before[restored]
    result, evaluation = audit(tmp_path, mart, rows)
    assert not evaluation.passed
    schools = [f for f in result.findings if f.row in ("125457", "138766")]
    assert {f.reason.split(" along ")[1].split(":")[0] for f in schools} == {restored}
    assert {f.reason.rsplit("(= ", 1)[1] for f in schools} == {"5)"}
    # and, the cohorts known, the LA totals still withheld follow by addition
    others = {f.column for f in result.findings if f not in schools}
    assert others == set(TOTALS) - {restored}
