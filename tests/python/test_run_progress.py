"""The console's progress: a line per phase with the elapsed time and, from the previous
successful full run's phase times, the time left; dbt's node count at most every 30 s; the
phase times recorded after a successful full run (orchestration/run_progress.py, run_log.py)."""

from __future__ import annotations

import io
import json
import logging

import dagster as dg
from dagster._core.utils import make_new_run_id

from orchestration.run_log import RunLog
from orchestration.run_progress import (
    RunProgress,
    duration,
    listening_to_dbt_nodes,
    phase_of_step,
    read_phase_times,
    report_dbt_nodes,
    write_phase_times,
)

PREVIOUS = {"raw loads": 30.0, "dbt build": 200.0, "checks": 20.0, "publish": 50.0}


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def a_run(previous=None):
    lines: list[str] = []
    clock = Clock()
    return RunProgress(lines.append, previous=previous, clock=clock), lines, clock


def test_one_line_per_phase_with_the_time_left_from_the_previous_run():
    progress, lines, clock = a_run(PREVIOUS)

    for index in range(62):  # the raw loaders: one line for all of them
        clock.now += 0.5
        progress.step_started(f"raw__source_{index}")
    clock.now += 10  # raw loads took 40.5 s, 10.5 more than last time
    progress.step_started("frontline_dbt_assets")
    clock.now += 10
    progress.dbt_nodes(100, 1000, 0)  # under 30 s since the last line: no line
    clock.now += 25
    progress.dbt_nodes(500, 1000, 0)
    clock.now += 100
    progress.step_started("marts__dim_period_ge_dim_period")
    progress.step_started("marts__fct_indicator_value_disclosure_fct_indicator_value")
    clock.now += 15
    progress.step_started("publish__release")
    clock.now += 49
    times = progress.finished(succeeded=True)

    assert lines == [
        "[     0s] raw loads, about 5m 00s left",  # 30 + 200 + 20 + 50
        "[    41s] dbt build, about 4m 30s left",
        "[ 1m 16s] dbt build: 500/1000 nodes, about 3m 55s left",  # 200 - 35, + 20 + 50
        "[ 2m 56s] checks, about 1m 10s left",
        "[ 3m 11s] publish, about 50s left",
        "[ 4m 00s] done",
    ]
    assert times == {"raw loads": 40.5, "dbt build": 135.0, "checks": 15.0, "publish": 49.0}


def test_the_first_run_has_no_estimate_and_a_failure_ends_the_estimates():
    progress, lines, clock = a_run()
    progress.step_started("raw__a")
    clock.now += 3
    progress.step_failed("raw__a")
    assert lines == [
        "[     0s] raw loads",
        "[     3s] raw loads: step raw__a failed (details at the end)",
    ]

    progress, lines, clock = a_run(PREVIOUS)
    progress.step_started("frontline_dbt_assets")
    clock.now += 5
    progress.dbt_nodes(10, 1000, 1)  # the first failed test is news at once
    clock.now += 5
    progress.dbt_nodes(20, 1000, 2)  # the next ones wait for the 30 s line
    progress.step_failed("frontline_dbt_assets")
    assert lines == [
        "[     0s] dbt build, about 4m 30s left",
        "[     5s] dbt build: 10/1000 nodes, 1 failed, about 4m 28s left",
        "[    10s] dbt build: step frontline_dbt_assets failed (details at the end)",
    ]
    assert progress.finished(succeeded=False) == {"dbt build": 10.0}


def test_phases_of_the_main_jobs_steps():
    assert phase_of_step("raw__police_uk_street_crime") == "raw loads"
    assert phase_of_step("frontline_dbt_assets") == "dbt build"
    assert phase_of_step("marts__dim_period_ge_dim_period") == "checks"
    assert phase_of_step("publish__release") == "publish"
    assert [duration(s) for s in (0.4, 59.6, 61, 3599, 3725)] == [
        "0s",
        "1m 00s",
        "1m 01s",
        "59m 59s",
        "1h 02m",
    ]


def test_phase_times_round_trip_and_a_bad_file_means_no_estimate(tmp_path):
    assert read_phase_times(tmp_path) == {}
    write_phase_times(tmp_path, {"publish": 50.04, "raw loads": 30.0})
    assert json.loads((tmp_path / "phase_times.json").read_text()) == {
        "raw loads": 30.0,
        "publish": 50.0,
    }
    assert read_phase_times(tmp_path) == {"raw loads": 30.0, "publish": 50.0}
    (tmp_path / "phase_times.json").write_text("{not json")
    assert read_phase_times(tmp_path) == {}


def test_dbt_node_counts_reach_the_console_only_while_a_run_listens(caplog):
    progress, lines, clock = a_run()
    progress.step_started("frontline_dbt_assets")
    report_dbt_nodes(1, 10, 0)  # nobody listens: nothing
    with caplog.at_level(logging.DEBUG), listening_to_dbt_nodes(progress):
        clock.now += 31
        report_dbt_nodes(5, 10, 0)
    clock.now += 31
    report_dbt_nodes(9, 10, 0)

    assert lines == ["[     0s] dbt build", "[    31s] dbt build: 5/10 nodes"]
    assert "nodes" not in caplog.text  # never on the root logger (the log file has dbt's own)


def test_a_successful_full_run_records_its_phase_times_for_the_next(tmp_path):
    """Through RunLog's Dagster loggers, on a real in-process run of four steps named like the
    main job's, one per phase."""

    def asset(name: str, deps: list[str]):
        @dg.asset(name=name, deps=deps)
        def _asset() -> None:
            return None

        return _asset

    assets = [
        asset("raw__a", []),
        asset("frontline_dbt_assets", ["raw__a"]),
        asset("check_step", ["frontline_dbt_assets"]),
        asset("publish__release", ["check_step"]),
    ]
    job = dg.define_asset_job("phases", executor_def=dg.in_process_executor)
    defs = dg.Definitions(assets=assets, jobs=[job])
    console = io.StringIO()

    for _ in range(2):
        with RunLog(tmp_path, make_new_run_id(), console) as log:
            result = (
                defs.resolve_job_def("phases")
                .with_logger_defs(log.logger_defs())
                .execute_in_process(run_config={"loggers": log.loggers_run_config()})
            )
            assert result.success

    recorded = json.loads((tmp_path / "logs" / "phase_times.json").read_text())
    assert list(recorded) == ["raw loads", "dbt build", "checks", "publish"]
    first, second = console.getvalue().split("] done\n")[:2]
    assert "left" not in first  # the first run has no estimate
    assert "raw loads, about" in second and "dbt build, about" in second
