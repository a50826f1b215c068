"""The blocking Dagster check: passes on a protected mart, blocks on a tampered one."""

from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd
import pytest

from frontline_stats.disclosure.indicator_rows import disclose_rows
from frontline_stats.disclosure.layout import INDICATOR_VALUE_LAYOUT
from orchestration.quality.disclosure_checks import (
    DisclosureMart,
    build_disclosure_checks,
    disclosure_marts,
)
from orchestration.resources import WarehouseResource
from orchestration.transform.assets import dbt_manifest

from .conftest import ENGLAND, HAMPSHIRE, SOUTH_EAST, SURREY

TABLE = "fct_indicator_value"
MART = DisclosureMart(TABLE, f"marts.{TABLE}", INDICATOR_VALUE_LAYOUT)

INDICATORS = pd.DataFrame(
    {
        "indicator_code": ["ks2_rwm", "police_count"],
        "sector": ["education", "police"],
        "measure": ["proportion", "count"],
        "unit": ["proportion", "crimes"],
        "disclosure_threshold": [6, None],
        "disclosure_rounding_base": [None, None],
        "disclosure_symbol": ["c", None],
    }
)
GEOGRAPHY = pd.DataFrame(
    {
        "geography_code": [SURREY, HAMPSHIRE, SOUTH_EAST, ENGLAND],
        "parent_geography_code": [SOUTH_EAST, SOUTH_EAST, ENGLAND, None],
    }
)
ORGANISATIONS = pd.DataFrame(
    {
        "organisation_code": ["100001", "100002", "100003", "200001", "200002"],
        "geography_code": [SURREY] * 3 + [HAMPSHIRE] * 2,
        "valid_from": pd.to_datetime(["2010-09-01"] * 5),
    }
)


def write_marts(db_path: str, values: pd.DataFrame) -> None:
    with duckdb.connect(db_path) as con:
        con.execute("create schema if not exists marts")
        for name, frame in [
            (TABLE, values),
            ("dim_indicator", INDICATORS),
            ("dim_geography", GEOGRAPHY),
            ("dim_organisation", ORGANISATIONS),
        ]:
            con.register("frame", frame)
            con.execute(f"create or replace table marts.{name} as select * from frame")
            con.unregister("frame")


@pytest.fixture
def published(ks2_rows, registry, hierarchy) -> pd.DataFrame:
    return disclose_rows(ks2_rows, INDICATOR_VALUE_LAYOUT, registry, hierarchy)


def run_with_check(tmp_path: Path, values: pd.DataFrame):
    db_path = str(tmp_path / "warehouse.duckdb")
    checks = build_disclosure_checks([MART], lambda table: dg.AssetKey(["marts", table]))

    @dg.asset(key=["marts", TABLE])
    def fct_indicator_value(warehouse: WarehouseResource) -> None:
        write_marts(warehouse.database_path, values)

    @dg.asset(deps=[fct_indicator_value])
    def release() -> None:
        pass

    warehouse = WarehouseResource(database_path=db_path, data_dir=str(tmp_path))
    return dg.materialize(
        [fct_indicator_value, release, *checks],
        resources={"warehouse": warehouse},
        raise_on_error=False,
    )


def test_the_check_passes_on_the_protected_mart(tmp_path, published):
    result = run_with_check(tmp_path, published)
    [evaluation] = result.get_asset_check_evaluations()
    assert evaluation.check_name == "disclosure_fct_indicator_value"
    assert evaluation.passed and evaluation.blocking
    assert evaluation.metadata["tables_audited"].value == 1
    started = {e.step_key for e in result.all_events if e.event_type_value == "STEP_START"}
    assert "release" in started


def test_the_check_blocks_a_tampered_mart_with_one_line_per_finding(tmp_path, published):
    tampered = published.copy()
    # someone "restores" a suppressed school's numerator and value after disclosure control
    school = tampered["organisation_code"] == "100002"
    tampered.loc[school, ["numerator", "value"]] = [20.0, 20 / 30]
    result = run_with_check(tmp_path, tampered)
    [evaluation] = result.get_asset_check_evaluations()
    assert not evaluation.passed
    assert evaluation.severity == dg.AssetCheckSeverity.ERROR
    findings = evaluation.metadata["findings"].value
    assert (
        "fct_indicator_value[ks2_rwm AY2018-19] | 100001 | numerator | suppressed cell "
        "recoverable by subtraction along numerator: E10000030 = sum of 3 unit(s) within it"
    ) in findings
    assert "| 100002 | value | value 0.666667 published beside a suppressed count" in findings
    # and 100002's complement (its row is marked suppressed) and 100001's complement
    assert evaluation.metadata["failing_row_count"].value == 4
    assert len(findings.strip("`\n").splitlines()) == 4
    started = {e.step_key for e in result.all_events if e.event_type_value == "STEP_START"}
    assert "release" not in started


def test_fct_indicator_value_has_a_blocking_disclosure_check_in_the_code_location():
    from orchestration.definitions import defs
    from orchestration.quality.disclosure_checks import disclosure_checks

    specs = {spec.name: spec for check in disclosure_checks for spec in check.check_specs}
    assert set(specs) == {
        "disclosure_fct_indicator_value",
        "disclosure_rpt_education_ks2_la_reconciliation",
        "disclosure_rpt_education_ks2_school_results",
        "disclosure_rpt_indicator_comparison",
    }
    assert all(spec.blocking for spec in specs.values())
    # publish/assets.py refuses to publish when a check on a public mart did not report:
    # it finds them in the asset graph, where this one is
    marts = {m.table: m for m in disclosure_marts(dbt_manifest())}
    assert sorted(marts) == [
        TABLE,
        "rpt_education_ks2_la_reconciliation",
        "rpt_education_ks2_school_results",
        "rpt_indicator_comparison",
    ]
    # the wide school mart declares one layout per attainment measure
    school = marts["rpt_education_ks2_school_results"]
    assert [layout.indicator for layout in (school.layout, *school.more_layouts)] == [
        "dfe_ks2_rwm_expected_standard",
        "dfe_ks2_rwm_higher_standard",
    ]
    graph = defs.resolve_asset_graph()
    names = {c.name for c in graph.get_check_keys_for_assets({dg.AssetKey(["marts", TABLE])})}
    assert "disclosure_fct_indicator_value" in names
