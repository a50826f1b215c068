"""A killed run leaves nothing that blocks the next one, a live run refuses a second one in one
line, and SIGTERM stops a live run within seconds.

Each test runs a small job through the CLI's run path (``orchestration.cli.run_job``: run lock,
persistent Dagster instance under the home, worker thread, log file) in a driver process. Its one
asset stands in for the dbt step: it claims the `duckdb_writer` pool slot (limit 1, as in the
home's dagster.yaml) and starts a child process with the environment dagster-dbt and the dbt
asset give dbt (DAGSTER_DBT_CLI, FRONTLINE_WORKING_DB, DBT_TARGET_PATH named after the run) that
opens the working database read-write, as dbt does, and waits. Killing the driver with SIGKILL
leaves what a killed `frontline run` leaves: the run STARTED, its pool slot claimed, an orphan
holding the database's write lock.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from orchestration.cli import EXIT_BUSY, persistent_instance
from orchestration.paths import PROJECT_DIR, FrontlinePaths
from orchestration.run_recovery import dbt_processes, recover, stop_processes

POOL = "duckdb_writer"
READY_S = 60  # the driver's start (imports, instance) and its child's lock
STOP_S = 20  # SIGTERM to exit, dbt child included

# The stand-in for dbt: lock the database read-write, say so, wait.
HOLDER = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    import duckdb
    con = duckdb.connect(sys.argv[1])
    con.execute("create table if not exists built (x integer)")
    Path(sys.argv[2]).write_text(str(os.getpid()))
    time.sleep(float(sys.argv[3]))
    """
)

DRIVER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from orchestration.cli import run_job
    from orchestration.paths import FrontlinePaths
    from tests.python.faults.test_runs_recovery import stand_in_job

    home, hold_s = Path(sys.argv[1]), float(sys.argv[2])
    paths = FrontlinePaths(home=home, data_dir=home)
    sys.exit(run_job(paths, stand_in_job(paths, hold_s)))
    """
)


def stand_in_job(paths: FrontlinePaths, hold_s: float) -> dg.JobDefinition:
    """One asset in the writer pool whose child holds the working database for ``hold_s``."""

    @dg.asset(pool=POOL)
    def dbt_stand_in(context) -> None:  # no annotation: this module defers them
        target = paths.home / "dbt" / "target" / f"frontline_dbt_assets-{context.run_id[:7]}-0"
        env = {
            **os.environ,
            "DAGSTER_DBT_CLI": "true",
            "FRONTLINE_WORKING_DB": str(paths.working_db),
            "DBT_TARGET_PATH": str(target),
        }
        ready = paths.home / "dbt.pid"
        args = [sys.executable, "-c", HOLDER, str(paths.working_db), str(ready), str(hold_s)]
        subprocess.run(args, env=env, check=True)

    job = dg.define_asset_job("stand_in_release", executor_def=dg.in_process_executor)
    return dg.Definitions(assets=[dbt_stand_in], jobs=[job]).resolve_job_def("stand_in_release")


@pytest.fixture
def paths(tmp_path: Path, monkeypatch) -> Iterator[FrontlinePaths]:
    monkeypatch.delenv("DAGSTER_HOME", raising=False)  # the instance lives under the home
    paths = FrontlinePaths(home=tmp_path / "home", data_dir=tmp_path / "home")
    yield paths
    # a failed test must not leave a stand-in waiting for ten minutes
    stop_processes(p.pid for p in dbt_processes(paths.working_db))


def start_driver(paths: FrontlinePaths, hold_s: float) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    return subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(paths.home), str(hold_s)],
        cwd=PROJECT_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wait_for_holder(paths: FrontlinePaths, driver: subprocess.Popen) -> int:
    """The pid of the stand-in once it holds the working database."""
    ready = paths.home / "dbt.pid"
    deadline = time.monotonic() + READY_S
    while not (ready.exists() and ready.read_text()):
        assert driver.poll() is None, driver.stdout.read()
        assert time.monotonic() < deadline, "the stand-in never locked the working database"
        time.sleep(0.1)
    return int(ready.read_text())


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def locked(db: Path) -> bool:
    try:
        duckdb.connect(str(db)).close()
    except duckdb.IOException:
        return True
    return False


def pool_holders(instance: dg.DagsterInstance) -> tuple[list[str], list[str]]:
    """Run ids holding the pool's slot, and run ids with a step pending on it."""
    info = instance.event_log_storage.get_concurrency_info(POOL)
    return (
        [slot.run_id for slot in info.claimed_slots],
        [step.run_id for step in info.pending_steps],
    )


def only_run(instance: dg.DagsterInstance) -> dg.DagsterRun:
    (run,) = instance.get_runs()
    return run


def kill_during_build(paths: FrontlinePaths) -> tuple[int, int]:
    """Start a run, SIGKILL it while its 'dbt' holds the database; returns (driver, orphan)."""
    driver = start_driver(paths, hold_s=600)
    orphan = wait_for_holder(paths, driver)
    driver.kill()
    driver.wait()
    driver.stdout.close()
    return driver.pid, orphan


def test_recovery_marks_the_killed_run_failed_frees_its_slot_and_stops_its_dbt(paths):
    driver_pid, orphan = kill_during_build(paths)
    instance = persistent_instance(paths)
    killed = only_run(instance)
    # what a killed `frontline run` leaves behind
    assert killed.status == dg.DagsterRunStatus.STARTED
    assert pool_holders(instance)[0] == [killed.run_id]
    assert alive(orphan)
    assert locked(paths.working_db)

    lines = recover(instance, paths.working_db)

    assert len(lines) == 1
    assert re.fullmatch(
        rf"recovered: run {killed.run_id[:8]} \(started \d\d:\d\d, pid {driver_pid} gone\) "
        rf"marked failed, 1 pool slot freed, dbt process {orphan} stopped",
        lines[0],
    ), lines
    assert not alive(orphan)
    with duckdb.connect(str(paths.working_db)) as con:  # writable, and what dbt built is there
        con.execute("insert into built values (1)")
        assert con.execute("select count(*) from built").fetchone() == (1,)
    assert only_run(instance).status == dg.DagsterRunStatus.FAILURE
    assert pool_holders(instance) == ([], [])
    assert recover(instance, paths.working_db) == []  # nothing left to do


def test_the_run_after_a_kill_recovers_and_succeeds_without_waiting(paths):
    driver_pid, orphan = kill_during_build(paths)
    (paths.home / "dbt.pid").unlink()

    started = time.monotonic()
    after = subprocess.run(
        [sys.executable, "-c", DRIVER, str(paths.home), "0"],
        cwd=PROJECT_DIR,
        env={k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"},
        capture_output=True,
        text=True,
        timeout=READY_S,  # before recovery existed this run waited for the pool slot forever
    )

    assert after.returncode == 0, after.stdout + after.stderr
    assert time.monotonic() - started < READY_S
    assert (
        f"pid {driver_pid} gone) marked failed, 1 pool slot freed, dbt process {orphan} stopped"
        in (after.stdout)
    )
    assert (
        "Frontline: built and checked;" in after.stdout and "nothing was published" in after.stdout
    )
    instance = persistent_instance(paths)
    statuses = sorted(run.status.value for run in instance.get_runs())
    assert statuses == ["FAILURE", "SUCCESS"]
    assert pool_holders(instance) == ([], [])


def test_a_second_run_while_one_is_alive_refuses_in_one_line(paths):
    first = start_driver(paths, hold_s=600)
    try:
        wait_for_holder(paths, first)
        second = subprocess.run(
            [sys.executable, "-c", DRIVER, str(paths.home), "0"],
            cwd=PROJECT_DIR,
            env={k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"},
            capture_output=True,
            text=True,
            timeout=READY_S,
        )
        assert second.returncode == EXIT_BUSY
        assert re.fullmatch(
            rf"frontline: another process is using {re.escape(str(paths.home))} "
            rf"\(pid {first.pid}, `frontline run`, started \d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d\); "
            r"wait for it to finish, or stop it, then run again\n",
            second.stdout,
        ), second.stdout
        assert second.stderr == ""
        assert first.poll() is None  # the live run was left alone
    finally:
        first.kill()
        first.wait()
        first.stdout.close()


def test_sigterm_stops_a_live_run_and_its_dbt_within_seconds(paths):
    driver = start_driver(paths, hold_s=600)
    child = wait_for_holder(paths, driver)

    sent = time.monotonic()
    driver.send_signal(signal.SIGTERM)
    output, _ = driver.communicate(timeout=STOP_S)

    assert driver.returncode == 128 + signal.SIGTERM
    assert time.monotonic() - sent < STOP_S
    assert not alive(child)
    assert not locked(paths.working_db)
    instance = persistent_instance(paths)
    run = only_run(instance)
    assert run.status == dg.DagsterRunStatus.FAILURE
    assert pool_holders(instance) == ([], [])
    assert (
        f"stopped by SIGTERM: run {run.run_id[:8]} marked failed, 1 pool slot freed, "
        f"dbt process {child} stopped"
    ) in output
    assert "Traceback" not in output
