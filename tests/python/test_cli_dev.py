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


# A stand-in for `dagster dev` after exec: it reports how SIGINT is handled and, on SIGTERM,
# exits as dagster dev does (its SIGTERM handler is SIGINT's).
# The report is printed inside the try: a SIGTERM may arrive as soon as it is read.
AFTER_EXEC = (
    "import signal, sys, time\n"
    "signal.signal(signal.SIGTERM, signal.getsignal(signal.SIGINT))\n"
    "try:\n"
    "    print('ignored' if signal.getsignal(signal.SIGINT) is signal.SIG_IGN else 'handled', "
    "flush=True)\n"
    "    time.sleep(30)\n"
    "except KeyboardInterrupt:\n"
    "    print('stopped', flush=True)\n"
)
BACKGROUND_PARENT = (
    "import os, signal, sys, subprocess\n"
    "signal.signal(signal.SIGINT, signal.SIG_IGN)  # what a shell does to a background job\n"
    "# make's SIGTERM is the default, whatever the test process that starts this stand-in has\n"
    "signal.signal(signal.SIGTERM, signal.SIG_DFL)\n"
    "signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})\n"
    "child = subprocess.Popen([sys.executable, '-c', "
    "'import os, sys; from orchestration.cli import stoppable_after_exec; "
    'stoppable_after_exec(); os.execv(sys.executable, [sys.executable, "-c", sys.argv[1]])\', '
    "sys.argv[1]])\n"
    "print(child.pid, flush=True)\n"
    "signal.pause()\n"
)


def test_dev_started_in_the_background_stops_on_sigterm_and_with_its_parent(tmp_path):
    """`make dev &` ignored SIGTERM: dagster dev maps SIGTERM to SIGINT's handler, which a
    background job inherits as ignored; and make does not forward SIGTERM to its recipe."""
    import signal
    import subprocess
    import sys
    import time

    parent = subprocess.Popen(
        [sys.executable, "-c", BACKGROUND_PARENT, AFTER_EXEC],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).parents[2],
    )
    child_pid = int(parent.stdout.readline())
    assert parent.stdout.readline().strip() == "handled"
    parent.send_signal(signal.SIGTERM)  # make dies; the child is told to stop
    parent.wait(timeout=10)
    assert parent.stdout.readline().strip() == "stopped"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(child_pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        pytest.fail("the child outlived its parent")
