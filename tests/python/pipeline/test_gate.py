"""Write-audit-publish: a corrupted input blocks publication and the previous release stays
byte-identical; the same inputs publish the same data again."""

from __future__ import annotations

import shutil

import dagster as dg
import openpyxl

from orchestration.definitions import build_definitions
from tests.python.pipeline.conftest import (
    copy_data,
    copy_home,
    published_state,
    run_release,
    tree_digest,
)

DEC_2019 = "police/ons_pfa_tables/pfatablesdec19.xlsx"
# a run of part of the graph: the street load, its staging view and the release
STREET_AND_RELEASE = [
    dg.AssetKey(["raw", "police_uk_street_crime"]),
    dg.AssetKey(["staging", "stg_police_uk__street_crime"]),
    dg.AssetKey(["publish", "release"]),
]


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


def _assert_blocked(
    result, paths, before, test_name: str, model: str, sample_contains: str
) -> None:
    """The run failed on the named dbt test of the model (caught at the first layer that has it)
    and showed the failing rows, nothing was published, and every published byte is as it was."""
    assert not result.success
    failed = _failed_checks(result)
    samples = [
        sample for name, sample in failed.items() if name.startswith(test_name) and model in name
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


def build_asset_graph(paths):
    return build_definitions(paths).resolve_asset_graph()


def _release_refusal(result) -> str:
    """The line the release step refused with (the cause Dagster wraps its step error around)."""
    [error] = [
        event.event_specific_data.error
        for event in result.all_events
        if event.event_type_value == "STEP_FAILURE" and event.step_key == "publish__release"
    ]
    while error.cause is not None:
        error = error.cause
    return error.message.strip().splitlines()[0]


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


def test_a_quarter_shipped_twice_stops_at_the_raw_load(published, tmp_path):
    # the same quarter under a second name would count every force-quarter twice: the copy is
    # refused at the raw load in one line naming the file that holds the quarter (dbt's
    # uniqueness test on stg_ons__pfa_recorded_crime stays behind it as a second gate)
    data = copy_data(tmp_path)
    shutil.copy(data / DEC_2019, data / "police/ons_pfa_tables/pfatablesdec19-copy.xlsx")
    paths = copy_home(published, tmp_path, data_dir=data)
    before = published_state(paths)

    result = run_release(paths)

    assert not result.success
    failures = _step_failures(result)
    assert failures["raw__ons_pfa_p1_recorded_crime"].endswith(
        "police/ons_pfa_tables/pfatablesdec19-copy.xlsx: expected a new edition, found "
        f"year_ending 2019-12-31 already loaded from {DEC_2019} "
        "(one period shipped twice under two names: remove one)"
    )
    assert not any(key.startswith("frontline_dbt") for key in failures)
    assert published_state(paths) == before


def test_a_failed_dbt_test_blocks_publication_and_shows_the_rows(published, tmp_path):
    # a crime type data.police.uk does not use: the raw load lands it as published, and dbt's
    # accepted_values test on the staging view fails, so nothing is published. The run selects
    # the street load and everything downstream of it, the release included (the rest stays as
    # the published run left it): dbt stops at the failed test and the release never runs.
    data = copy_data(tmp_path)
    street = data / "police/police_uk_street/2022-10-gwent-street.csv"
    lines = street.read_text().splitlines(keepends=True)
    lines[1] = lines[1].replace(",Anti-social behaviour,", ",Alien abduction,", 1)
    street.write_text("".join(lines))
    paths = copy_home(published, tmp_path, data_dir=data)
    before = published_state(paths)

    street = dg.AssetSelection.assets(STREET_AND_RELEASE[0]).downstream()
    result = run_release(paths, asset_selection=sorted(street.resolve(build_asset_graph(paths))))

    _assert_blocked(
        result, paths, before, "accepted_values", "stg_police_uk__street_crime", "Alien abduction"
    )
    assert "publish__release" not in _step_failures(result)  # skipped: it never ran


def test_a_run_of_part_of_the_graph_never_publishes(published, tmp_path):
    # the same selection on the shipped inputs: every check it runs passes, but the checks of
    # the assets it left out did not run, so the release is refused (before, the release step
    # saw only the subset's checks, ran first, and published)
    paths = copy_home(published, tmp_path)
    before = published_state(paths)

    result = run_release(paths, asset_selection=STREET_AND_RELEASE)

    assert not result.success
    assert not [name for name, _ in _failed_checks(result).items()]
    line = _release_refusal(result)
    assert "blocking check(s) did not run in this run" in line and "run the whole job" in line
    assert "failed" not in line
    assert published_state(paths) == before


def test_rerun_on_same_inputs_publishes_identical_data(rerun):
    first_files = tree_digest(rerun.first_release / "csv") | tree_digest(
        rerun.first_release / "parquet"
    )

    assert rerun.result.success
    second = (rerun.paths.releases_dir / "latest").resolve()
    assert second != rerun.first_release  # a new release folder ...
    assert tree_digest(second / "csv") | tree_digest(second / "parquet") == first_files  # same data
