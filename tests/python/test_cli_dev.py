"""`frontline dev` holds the home's run lock while the UI serves, so no `frontline run` writes the
working database under the UI's sensor runs, and it recovers from a dead run first."""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg
import pytest

from orchestration.cli import persistent_instance, prepare_dev
from orchestration.paths import FrontlinePaths
from orchestration.run_lock import RunLockHeld, acquire_run_lock


def test_dev_holds_the_run_lock_across_exec_and_recovers_a_dead_run(tmp_path: Path, monkeypatch):
    dagster_home = tmp_path / "home" / "dagster"
    monkeypatch.setenv("DAGSTER_HOME", str(dagster_home))
    paths = FrontlinePaths(home=tmp_path / "home", data_dir=tmp_path)
    instance = persistent_instance(paths)
    dead = instance.create_run_for_job(dg.GraphDefinition(name="g", node_defs=[]).to_job())
    instance.handle_run_event(
        dead.run_id,
        dg.DagsterEvent(event_type_value="PIPELINE_START", job_name=dead.job_name),
    )
    assert instance.get_run_by_id(dead.run_id).status == dg.DagsterRunStatus.STARTED

    lock = prepare_dev(paths)
    try:
        assert os.get_inheritable(lock.fd)  # dagster dev, exec'd in this process, keeps it
        with pytest.raises(RunLockHeld, match=r"pid \d+, `frontline dev`"):
            acquire_run_lock(paths.home, "frontline run")
        assert os.environ["DAGSTER_HOME"] == str(dagster_home)
        run = persistent_instance(paths).get_run_by_id(dead.run_id)
        assert run.status == dg.DagsterRunStatus.FAILURE
    finally:
        lock.release()
    acquire_run_lock(paths.home, "frontline run").release()  # free again once dev is gone
