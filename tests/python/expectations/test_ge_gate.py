"""The Great Expectations gate: suite files, validation of a DuckDB table, blocking asset checks."""

from __future__ import annotations

import json
import os
from pathlib import Path

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

import dagster as dg
import duckdb
import great_expectations as gx
import pytest

from expectations import runner
from expectations.dagster_checks import build_ge_asset_checks
from expectations.runner import SuiteFileError, load_suite, validate_table
from orchestration.resources import WarehouseResource

TABLE = "fct_indicator_value"
RELATION = f"marts.{TABLE}"
GOOD_ROWS = [("E23000001", "2019-12", 90.5), ("E23000005", "2019-12", 71.25)]
BAD_ROWS = GOOD_ROWS + [("E23000003", "2019-12", None), ("E23000007", "2019-12", -1.0)]

SUITE = {
    "name": TABLE,
    "meta": {"description": "Every indicator value is present and not negative."},
    "expectations": [
        {
            "type": "expect_column_values_to_not_be_null",
            "kwargs": {"column": "value"},
            "meta": {"why": "a missing value must carry a status, not a NULL"},
        },
        {
            "type": "expect_column_values_to_be_between",
            "kwargs": {"column": "value", "min_value": 0},
        },
        {
            "type": "expect_column_values_to_match_regex",
            "kwargs": {"column": "organisation_code", "regex": "^E23[0-9]{6}$"},
        },
        {"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 1}},
    ],
}


def write_table(db_path: Path, rows: list[tuple]) -> None:
    con = duckdb.connect(str(db_path))
    con.execute("create schema if not exists marts")
    con.execute(
        f"create or replace table {RELATION} "
        "(organisation_code varchar, period varchar, value double)"
    )
    con.executemany(f"insert into {RELATION} values (?, ?, ?)", rows)
    con.close()


@pytest.fixture
def suites_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "suites"
    folder.mkdir()
    (folder / f"{TABLE}.json").write_text(json.dumps(SUITE, indent=2))
    return folder


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "warehouse.duckdb"


def test_a_suite_file_loads_as_a_ge_suite(suites_dir: Path) -> None:
    suite = load_suite(suites_dir / f"{TABLE}.json")
    assert isinstance(suite, gx.ExpectationSuite)
    assert suite.name == TABLE
    assert isinstance(suite.expectations[0], gx.expectations.ExpectColumnValuesToNotBeNull)
    assert suite.expectations[0].meta == {"why": "a missing value must carry a status, not a NULL"}
    assert len(suite.expectations) == len(SUITE["expectations"])


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"type": "expect_column_values_to_be_purple", "kwargs": {"column": "x"}}, "purple"),
        ({"type": "expect_column_values_to_not_be_null", "kwargs": {"colum": "x"}}, "colum"),
    ],
)
def test_a_bad_suite_entry_is_named(tmp_path: Path, entry: dict, message: str) -> None:
    path = tmp_path / "broken.json"
    path.write_text(json.dumps({"name": "broken", "expectations": [entry]}))
    with pytest.raises(SuiteFileError, match=rf"broken\.json: expectations\[0\].*{message}"):
        load_suite(path)


def test_a_clean_table_passes(suites_dir: Path, db_path: Path) -> None:
    write_table(db_path, GOOD_ROWS)
    outcome = validate_table(db_path, RELATION, suites_dir / f"{TABLE}.json")
    assert outcome.success
    assert all(r.success for r in outcome.results)
    assert outcome.failing_row_count == 0
    assert outcome.sample_failing_rows == []
    assert outcome.row_count == 2


def test_a_null_and_a_negative_value_fail_with_counts_and_rows(
    suites_dir: Path, db_path: Path
) -> None:
    write_table(db_path, BAD_ROWS)
    outcome = validate_table(db_path, RELATION, suites_dir / f"{TABLE}.json")
    assert not outcome.success
    failed = {r.type: r for r in outcome.failed}
    assert set(failed) == {
        "expect_column_values_to_not_be_null",
        "expect_column_values_to_be_between",
    }
    assert failed["expect_column_values_to_not_be_null"].unexpected_count == 1
    assert failed["expect_column_values_to_be_between"].partial_unexpected_list == [-1.0]
    assert outcome.failing_row_count == 2
    by_code = {row["organisation_code"]: row for row in outcome.sample_failing_rows}
    assert by_code["E23000003"]["value"] is None
    assert by_code["E23000003"]["_failed_expectations"] == (
        "expect_column_values_to_not_be_null(value)"
    )
    assert by_code["E23000007"]["value"] == -1.0

    check = outcome.to_check_outcome()
    assert (check.name, check.passed, check.blocking, check.failing_row_count) == (
        "ge_fct_indicator_value",
        False,
        True,
        2,
    )


def test_the_dagster_check_blocks_a_bad_table(suites_dir: Path, db_path: Path) -> None:
    checks = build_ge_asset_checks(suites_dir, lambda table: dg.AssetKey(["marts", table]))
    [spec] = [s for c in checks for s in c.check_specs]
    assert spec.name == "ge_fct_indicator_value"
    assert spec.asset_key == dg.AssetKey(["marts", TABLE])
    assert spec.blocking
    assert spec.description == SUITE["meta"]["description"]

    @dg.asset(key=["marts", TABLE])
    def fct_indicator_value(warehouse: WarehouseResource) -> None:
        with warehouse.connect() as con:
            con.execute("create schema if not exists marts")
            con.execute(
                f"create or replace table {RELATION} "
                "(organisation_code varchar, period varchar, value double)"
            )
            con.executemany(f"insert into {RELATION} values (?, ?, ?)", BAD_ROWS)

    @dg.asset(deps=[fct_indicator_value])
    def published() -> None:
        raise AssertionError("a blocking check failed, so this must not run")

    warehouse = WarehouseResource(database_path=str(db_path), data_dir=str(db_path.parent))
    result = dg.materialize(
        [fct_indicator_value, published, *checks],
        resources={"warehouse": warehouse},
        raise_on_error=False,
    )
    [evaluation] = result.get_asset_check_evaluations()
    assert evaluation.check_name == "ge_fct_indicator_value"
    assert not evaluation.passed
    assert evaluation.severity == dg.AssetCheckSeverity.ERROR
    metadata = evaluation.metadata
    assert metadata["failing_row_count"].value == 2
    failing = [f["expectation"] for f in metadata["failing_expectations"].value]
    assert "expect_column_values_to_be_between" in failing
    assert "E23000007" in metadata["sample_failing_rows"].value
    # the blocking check fails its step, and the downstream asset never starts
    started = {e.step_key for e in result.all_events if e.event_type_value == "STEP_START"}
    failed = {e.step_key for e in result.get_step_failure_events()}
    assert "published" not in started
    assert len(failed) == 1 and "ge_fct_indicator_value" in failed.pop()

    # the same check, called directly
    direct = checks[0](dg.build_asset_check_context(resources={"warehouse": warehouse}))
    assert not direct.passed
    assert direct.metadata["failing_row_count"].value == 2


def test_only_the_checked_columns_are_read_and_failing_rows_come_back_whole(
    suites_dir: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The suite reads value and organisation_code: 'period' never leaves DuckDB for the check,
    yet a failing row in the report carries it (read by rowid)."""
    write_table(db_path, BAD_ROWS)
    read = []
    real_read = runner.read_table

    def spy(db, table, columns=None, categorical=()):
        frame = real_read(db, table, columns, categorical)
        read.append(list(frame.columns))
        return frame

    monkeypatch.setattr(runner, "read_table", spy)
    outcome = validate_table(db_path, RELATION, suites_dir / f"{TABLE}.json")
    assert read == [[runner.ROW_ID, "organisation_code", "value"]]
    by_code = {row["organisation_code"]: row for row in outcome.sample_failing_rows}
    assert by_code["E23000007"] == {
        "organisation_code": "E23000007",
        "period": "2019-12",
        "value": -1.0,
        "_failed_expectations": "expect_column_values_to_be_between(value)",
    }


@pytest.mark.parametrize(
    ("expectations", "columns"),
    [
        ([{"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "b"}}], ["b"]),
        (
            [
                {
                    "type": "expect_column_values_to_be_in_set",
                    "kwargs": {"column": "a", "value_set": [1], "row_condition": 'c == "x"'},
                },
                {
                    "type": "expect_compound_columns_to_be_unique",
                    "kwargs": {"column_list": ["d", "b"]},
                },
            ],
            ["a", "b", "c", "d"],
        ),
        ([{"type": "expect_table_columns_to_match_ordered_list", "kwargs": {}}], None),
        ([{"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "zz"}}], None),
        ([{"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 1}}], ["a"]),
    ],
)
def test_checked_columns(tmp_path: Path, expectations: list, columns: list | None) -> None:
    spec = runner.SuiteFile(tmp_path / "s.json", "s", {}, expectations)
    assert runner.checked_columns(spec, ["a", "b", "c", "d"]) == columns
