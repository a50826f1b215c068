"""Write-audit-publish: a corrupted input blocks publication and the previous release stays
byte-identical; the same inputs publish the same data again."""

from __future__ import annotations

import shutil

import openpyxl

from tests.python.pipeline.conftest import (
    copy_data,
    copy_home,
    published_state,
    run_release,
    tree_digest,
)

DEC_2019 = "police/ons_pfa_tables/pfatablesdec19.xlsx"


def _failed_checks(result) -> dict[str, str]:
    """Failed check name -> the sample failing rows it reported."""
    evaluations = (
        event.event_specific_data
        for event in result.all_events
        if event.event_type_value == "ASSET_CHECK_EVALUATION"
    )
    return {
        e.check_name: str(getattr(e.metadata.get("sample_failing_rows"), "value", ""))
        for e in evaluations
        if not e.passed
    }


def _assert_blocked(result, paths, before, test_name: str, sample_contains: str) -> None:
    """The run failed on the named dbt test (caught at the first layer that has it) and showed the
    failing rows, nothing was published, and every published byte is as it was."""
    assert not result.success
    failed = _failed_checks(result)
    samples = [
        sample
        for name, sample in failed.items()
        if name.startswith(test_name) and "pfa_recorded_crime" in name
    ]
    assert samples, failed
    assert sample_contains in samples[0]
    published_steps = [
        e
        for e in result.all_events
        if e.event_type_value == "ASSET_MATERIALIZATION"
        and e.asset_key.path == ["publish", "release"]
    ]
    assert published_steps == []
    assert published_state(paths) == before


def _step_failures(result) -> dict[str, str]:
    """Failed step -> the first line of its error."""
    return {
        event.step_key: event.event_specific_data.error.message.strip().splitlines()[0]
        for event in result.all_events
        if event.event_type_value == "STEP_FAILURE"
    }


def test_negative_count_stops_at_the_raw_load(published, tmp_path):
    # Cleveland's total made negative: the North East no longer adds up, so the workbook is
    # refused at the raw load (before dbt), in one line that names the file, sheet and row
    data = copy_data(tmp_path)
    workbook = openpyxl.load_workbook(data / DEC_2019)
    workbook["Table P1"]["C10"] = -69197
    workbook.save(data / DEC_2019)
    paths = copy_home(published, tmp_path, data_dir=data)
    before = published_state(paths)

    result = run_release(paths)

    assert not result.success
    failures = _step_failures(result)
    line = failures["raw__ons_pfa_p1_recorded_crime"]
    assert DEC_2019 in line and "Table P1" in line and "row 9 (North East)" in line
    # 281,662 printed; Cleveland -69,197 + Durham 64,244 + Northumbria 148,221 = 143,268
    assert "prints 281662, rows 10-12 sum to 143268" in line
    assert not any(key.startswith("frontline_dbt") for key in failures)  # dbt never ran
    assert published_state(paths) == before


def test_duplicated_force_quarter_blocks_publication(published, tmp_path):
    data = copy_data(tmp_path)
    # the same quarter shipped twice under another name: every force-quarter is duplicated
    shutil.copy(data / DEC_2019, data / "police/ons_pfa_tables/pfatablesdec19-copy.xlsx")
    paths = copy_home(published, tmp_path, data_dir=data)
    before = published_state(paths)

    result = run_release(paths)

    _assert_blocked(result, paths, before, "unique_combination_of_columns", "2019-12-31")


def test_rerun_on_same_inputs_publishes_identical_data(rerun):
    first_files = tree_digest(rerun.first_release / "csv") | tree_digest(
        rerun.first_release / "parquet"
    )

    assert rerun.result.success
    second = (rerun.paths.releases_dir / "latest").resolve()
    assert second != rerun.first_release  # a new release folder ...
    assert tree_digest(second / "csv") | tree_digest(second / "parquet") == first_files  # same data
