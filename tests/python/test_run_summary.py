"""The end of a failed run: one short block (at most 30 lines from the blank line before "The run
failed" to "Full log") naming each failed check, its model, its first failing rows and the source
file, sheet and row they came from; no "Dependencies failed" line and no stack trace.

The runs go through the CLI's run path (``orchestration.cli.run_job``) with small in-process jobs
whose checks fail the way the dbt asset's and the Great Expectations checks' do: the same
metadata (dagster_dbt/failed_row_count or failing_row_count, sample_failing_rows as the Markdown
table of expectations.dagster_checks.markdown_table, source_rows).
"""

from __future__ import annotations

import io
from pathlib import Path

import dagster as dg
import pytest

from expectations.dagster_checks import markdown_table
from orchestration.cli import run_job
from orchestration.paths import FrontlinePaths
from orchestration.run_summary import MAX_CLOSING_LINES, failed_run_lines

WORKBOOK = "geography/imd2019/raw/File_10_IoD2019_LAD_Summaries_LowerTier.xlsx"
AE_FILE = "health/nhse_ae_monthly_by_provider/ae_monthly_2024-06.csv"
CRIME = dg.AssetKey(["staging", "stg_mhclg__iod2019_lad_crime"])
FACT = dg.AssetKey(["marts", "fct_indicator_value"])


def unique_result() -> dg.AssetCheckResult:
    """A dbt generic test's result: dbt's two columns, the source rows traced back."""
    return dg.AssetCheckResult(
        asset_key=CRIME,
        check_name="unique_stg_mhclg__iod2019_lad_crime_lad19_code",
        passed=False,
        metadata={
            "dagster_dbt/failed_row_count": 1,
            "sample_failing_rows": dg.MetadataValue.md(
                markdown_table([{"unique_field": "E06000001", "n_records": 2}])
            ),
            "source_rows": dg.MetadataValue.json(
                [
                    {"file": WORKBOOK, "sheet": "Crime", "row": 2},
                    {"file": WORKBOOK, "sheet": "Crime", "row": 3},
                ]
            ),
        },
    )


def reconciliation_result() -> dg.AssetCheckResult:
    """A singular test's result whose rows carry their own lineage columns."""
    rows = [
        {
            "indicator_code": code,
            "period_key": "M2024-06",
            "problem": "differs from the file's TOTAL row",
            "source_file": AE_FILE,
            "source_row_number": 199,
        }
        for code in ("nhse_ae_within_4_hours_type_1", "nhse_ae_within_4_hours_all_types")
    ]
    return dg.AssetCheckResult(
        asset_key=FACT,
        check_name="assert_nhse_ae_england_4_hour_performance_equals_published",
        passed=False,
        metadata={
            "dagster_dbt/failed_row_count": 2,
            "sample_failing_rows": dg.MetadataValue.md(markdown_table(rows)),
        },
    )


def warning_result() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        asset_key=FACT,
        check_name="accepted_range_fct_indicator_value_value",
        passed=False,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"dagster_dbt/failed_row_count": 4},
    )


def numbered_result(number: int) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        asset_key=CRIME,
        check_name=f"not_null_stg_mhclg__iod2019_lad_crime_column_{number:02d}",
        passed=False,
        metadata={
            "dagster_dbt/failed_row_count": 1,
            "sample_failing_rows": dg.MetadataValue.md(
                markdown_table([{f"column_{number:02d}": None}])
            ),
            "source_rows": dg.MetadataValue.json(
                [{"file": WORKBOOK, "sheet": "Crime", "row": 10 + number}]
            ),
        },
    )


def a_dbt_like_job(results: list[dg.AssetCheckResult]) -> dg.JobDefinition:
    """A step that builds two models, reports its tests as checks and fails, as the dbt asset
    does when a test fails; a check step and the publish step after it (skipped)."""
    specs = [dg.AssetCheckSpec(r.check_name, asset=r.asset_key) for r in results]

    @dg.multi_asset(
        name="frontline_dbt_assets",
        specs=[dg.AssetSpec(CRIME), dg.AssetSpec(FACT, deps=[CRIME])],
        check_specs=specs,
    )
    def dbt_like():
        yield dg.Output(None, output_name="staging__stg_mhclg__iod2019_lad_crime")
        yield dg.Output(None, output_name="marts__fct_indicator_value")
        yield from results
        raise dg.Failure("dbt build failed: 2 tests failed; 12 downstream nodes skipped")

    @dg.asset_check(asset=FACT, name="ge_fct_indicator_value")
    def ge_check() -> dg.AssetCheckResult:
        return dg.AssetCheckResult(passed=True)

    @dg.asset(key=["publish", "release"], deps=[FACT])
    def release() -> None:
        return None

    job = dg.define_asset_job("dbt_like", executor_def=dg.in_process_executor)
    defs = dg.Definitions(assets=[dbt_like, release], asset_checks=[ge_check], jobs=[job])
    return defs.resolve_job_def("dbt_like")


@pytest.fixture
def paths(tmp_path: Path, monkeypatch) -> FrontlinePaths:
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    return FrontlinePaths(home=tmp_path / "home", data_dir=tmp_path / "data")


def closing_part(out: str) -> list[str]:
    lines = out.splitlines()
    start = lines.index("The run failed: nothing was published; the previous release is untouched.")
    return lines[start - 1 :]


def test_a_generic_and_a_singular_test_failing(paths):
    console = io.StringIO()

    status = run_job(
        paths, a_dbt_like_job([unique_result(), reconciliation_result()]), console=console
    )

    out = console.getvalue()
    log = next((paths.home / "logs").glob("run-*.log"))
    assert status == 1
    assert closing_part(out) == [
        "",
        "The run failed: nothing was published; the previous release is untouched.",
        "  failed step frontline_dbt_assets: dbt build failed: 2 tests failed; "
        "12 downstream nodes skipped",
        "  failed check unique_stg_mhclg__iod2019_lad_crime_lad19_code on "
        "staging.stg_mhclg__iod2019_lad_crime (1 failing row)",
        "    unique_field  n_records",
        "    E06000001     2",
        f"    source: {WORKBOOK}, sheet Crime, rows 2, 3",
        "  failed check assert_nhse_ae_england_4_hour_performance_equals_published on "
        "marts.fct_indicator_value (2 failing rows)",
        "    indicator_code                    period_key  problem",
        "    nhse_ae_within_4_hours_type_1     M2024-06    differs from the file's TOTAL row",
        "    nhse_ae_within_4_hours_all_types  M2024-06    differs from the file's TOTAL row",
        f"    source: {AE_FILE}, row 199",
        f"Full log: {log}",
    ]
    assert "Dependencies" not in out and "Traceback" not in out
    assert "Dependencies for step publish__release failed" in log.read_text()


def test_many_failed_checks_stay_within_thirty_lines_and_are_all_named(tmp_path):
    results = [numbered_result(n) for n in range(20)] + [warning_result()]
    result = a_dbt_like_job(results).execute_in_process(raise_on_error=False)

    # what run_job prints around them: a blank line, the header, the log's path
    closing = [
        "",
        "The run failed: ...",
        *failed_run_lines(result, tmp_path / "none.duckdb"),
        "Full log: ...",
    ]

    assert not result.success
    assert len(closing) <= MAX_CLOSING_LINES
    shown = [line for line in closing if line.startswith("  failed check ")]
    assert shown[0].startswith("  failed check not_null_stg_mhclg__iod2019_lad_crime_column_00 ")
    assert closing[closing.index(shown[0]) + 1 :][:3] == [
        "    column_00",
        "    NULL",
        f"    source: {WORKBOOK}, sheet Crime, row 10",
    ]
    (rest,) = [line for line in closing if line.startswith("  and ")]
    hidden = 20 - len(shown)
    assert rest.startswith(f"  and {hidden} more failed checks: ")
    assert f"column_{len(shown):02d}," in rest  # the first one not shown is named
    assert "  1 check failed at warning severity (not blocking)" in closing
