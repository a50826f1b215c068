"""Recovery from a dead predecessor, and stopping a live run on SIGTERM/SIGINT.

A run killed outright (SIGKILL, OOM, a lost machine) leaves three things behind:
- its Dagster run, still STARTED in the home's persistent instance;
- its claim on the `duckdb_writer` pool slot (limit 1), so every later run's writing steps wait
  for that slot forever;
- its `dbt build` subprocess, re-parented to PID 1, still holding the working database's write
  lock.

Called with the home's run lock held (``orchestration.run_lock``), no run of this home is alive, so
everything above belongs to a dead run: the dbt processes are stopped, the runs are reported failed
and every pool slot and pending step is freed. Each action is returned as one line for the console.

A dbt process is recognised by its environment, not its name: dagster-dbt starts dbt with
``DAGSTER_DBT_CLI=true`` and the dbt asset adds ``FRONTLINE_WORKING_DB=<working db>``
(``orchestration.transform.assets``); both must match exactly, so a dbt started by hand, or one
building another home, is never touched.
"""

from __future__ import annotations

import os
import re
import signal
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import dagster as dg
import duckdb
from dagster._core.storage.dagster_run import ACTIVE_RUN_STATUSES, RunsFilter

# Run tag with the pid of the process that executes the run (set by the CLI).
PID_TAG = "frontline/pid"
WORKING_DB_ENV = "FRONTLINE_WORKING_DB"
DBT_MARKER_ENV = ("DAGSTER_DBT_CLI", "true")
STOP_GRACE_S = 5.0
LOCK_RETRY_S = 3.0


class RecoveryError(RuntimeError):
    """Recovery cannot make the home usable; the message is one line a user can act on."""


@dataclass(frozen=True)
class DbtProcess:
    pid: int
    target_path: str  # DBT_TARGET_PATH: dagster-dbt names it <op>-<run id[:7]>-<uuid>

    def belongs_to(self, run_id: str) -> bool:
        return f"-{run_id[:7]}-" in Path(self.target_path).name


def dbt_processes(working_db: Path | str) -> list[DbtProcess]:
    """Live dbt processes started by dagster-dbt for this working database (any parent)."""
    wanted = {str(working_db), str(Path(working_db).resolve())}
    found = []
    for pid in _pids():
        if pid == os.getpid():
            continue
        environ = _environ(pid)
        if environ is None or not _alive(pid):
            continue
        if environ.get(WORKING_DB_ENV) in wanted and (
            environ.get(DBT_MARKER_ENV[0]) == DBT_MARKER_ENV[1]
        ):
            found.append(DbtProcess(pid=pid, target_path=environ.get("DBT_TARGET_PATH", "")))
    return found


def stop_processes(pids: Iterable[int], grace_s: float = STOP_GRACE_S) -> list[int]:
    """SIGTERM, then SIGKILL after ``grace_s``; returns the pids that are gone."""
    pids = list(pids)
    for pid in pids:
        _signal(pid, signal.SIGTERM)
    _wait_gone(pids, grace_s)
    for pid in pids:
        if _alive(pid):
            _signal(pid, signal.SIGKILL)
    _wait_gone(pids, grace_s)
    still = [pid for pid in pids if _alive(pid)]
    if still:
        raise RecoveryError(
            f"frontline: dbt process {still[0]} did not stop after SIGKILL; stop it, then run again"
        )
    return pids


def ensure_writable(working_db: Path, retry_s: float = LOCK_RETRY_S) -> None:
    """Open the working database read-write once, or raise naming the process that holds it."""
    if not working_db.exists():
        return
    deadline = time.monotonic() + retry_s
    while True:
        try:
            duckdb.connect(str(working_db)).close()
            return
        except duckdb.IOException as error:
            if time.monotonic() < deadline:
                time.sleep(0.2)
                continue
            raise RecoveryError(
                f"frontline: the working database {working_db} is open in another process "
                f"({_lock_holder(str(error))}); close it, then run again"
            ) from None


def recover(instance: dg.DagsterInstance, working_db: Path) -> list[str]:
    """Make the home usable after a dead run. Call only with the home's run lock held."""
    leftovers = dbt_processes(working_db)
    stop_processes(p.pid for p in leftovers)
    ensure_writable(working_db)
    lines = []
    for run, started in _active_runs(instance):
        slots = _fail_run(
            instance,
            run,
            "Marked failed by the next `frontline run` on this home: the process that ran it "
            f"({_pid_description(run)}) is gone, killed or crashed.",
        )
        stopped = [p.pid for p in leftovers if p.belongs_to(run.run_id)]
        leftovers = [p for p in leftovers if not p.belongs_to(run.run_id)]
        lines.append(
            f"recovered: run {run.run_id[:8]} (started {started}, {_pid_description(run)}) "
            f"marked failed, {_slots(slots)} freed{_dbt_stopped(stopped)}"
        )
    for run_id, slots in _free_all_slots(instance).items():
        lines.append(f"recovered: {_slots(slots)} held by finished run {run_id[:8]} freed")
    for process in leftovers:
        lines.append(f"recovered: dbt process {process.pid} (of no recorded run) stopped")
    return lines


def stop_live_run(instance: dg.DagsterInstance, run_id: str, working_db: Path, reason: str) -> str:
    """Stop this process's own run (on SIGTERM/SIGINT): its dbt child, its run, its pool slot."""
    # counted first: once dbt is stopped, the failing step may free its slot itself
    slots = _claimed_slots(instance).get(run_id, 0)
    stopped = stop_processes(p.pid for p in dbt_processes(working_db))
    run = instance.get_run_by_id(run_id)
    if run is not None and run.status in ACTIVE_RUN_STATUSES:
        _fail_run(instance, run, f"Stopped by {reason}.")
    _free_all_slots(instance)
    return (
        f"stopped by {reason}: run {run_id[:8]} marked failed, {_slots(slots)} freed"
        f"{_dbt_stopped(stopped)}"
    )


def _active_runs(instance: dg.DagsterInstance) -> list[tuple[dg.DagsterRun, str]]:
    records = instance.get_run_records(filters=RunsFilter(statuses=ACTIVE_RUN_STATUSES))
    return [
        (record.dagster_run, _clock(record.start_time or record.create_timestamp.timestamp()))
        for record in records
    ]


def _fail_run(instance: dg.DagsterInstance, run: dg.DagsterRun, message: str) -> int:
    """Free the run's pool slots and pending steps, then report it failed; returns slots freed."""
    slots = _claimed_slots(instance).get(run.run_id, 0)
    if instance.event_log_storage.supports_global_concurrency_limits:
        instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
    instance.report_run_failed(run, message=message)
    return slots


def _free_all_slots(instance: dg.DagsterInstance) -> dict[str, int]:
    """Free every slot and pending step still recorded (no run is alive): run id -> slots freed."""
    storage = instance.event_log_storage
    if not storage.supports_global_concurrency_limits:
        return {}
    claimed = _claimed_slots(instance)
    holders = set(claimed) | set(storage.get_concurrency_run_ids())
    for run_id in holders:
        storage.free_concurrency_slots_for_run(run_id)
    return {run_id: claimed.get(run_id, 0) for run_id in sorted(holders) if claimed.get(run_id)}


def _claimed_slots(instance: dg.DagsterInstance) -> dict[str, int]:
    storage = instance.event_log_storage
    if not storage.supports_global_concurrency_limits:
        return {}
    counts: dict[str, int] = {}
    for info in storage.get_concurrency_infos(sorted(storage.get_concurrency_keys())).values():
        for slot in info.claimed_slots:
            counts[slot.run_id] = counts.get(slot.run_id, 0) + 1
    return counts


def _pid_description(run: dg.DagsterRun) -> str:
    pid = run.tags.get(PID_TAG)
    if pid is None or not pid.isdigit():
        return "its process unknown"
    return f"pid {pid} {'no longer holds the run lock' if _alive(int(pid)) else 'gone'}"


def _slots(count: int) -> str:
    return f"{count} pool slot{'' if count == 1 else 's'}"


def _dbt_stopped(pids: list[int]) -> str:
    if not pids:
        return ""
    label = "dbt process" if len(pids) == 1 else "dbt processes"
    return f", {label} {', '.join(str(pid) for pid in pids)} stopped"


def _clock(timestamp: float) -> str:
    moment = datetime.fromtimestamp(timestamp)
    same_day = moment.date() == datetime.now().date()
    return moment.strftime("%H:%M" if same_day else "%Y-%m-%d %H:%M")


def _lock_holder(message: str) -> str:
    """DuckDB's lock error names the holder: '... Conflicting lock is held in <exe> (PID 123)'."""
    match = re.search(r"held in (.+?) \(PID (\d+)\)", message)
    if not match:
        return message.splitlines()[0]
    return f"pid {match.group(2)}, {match.group(1)}"


def _pids() -> list[int]:
    return [int(name) for name in os.listdir("/proc") if name.isdigit()]


def _environ(pid: int) -> dict[str, str] | None:
    try:
        raw = Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:  # gone, or another user's process
        return None
    pairs = (item.split(b"=", 1) for item in raw.split(b"\0") if b"=" in item)
    return {key.decode(errors="replace"): value.decode(errors="replace") for key, value in pairs}


def _alive(pid: int) -> bool:
    """Running: exists and is not a zombie (an orphan's zombie waits for PID 1 to reap it)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _signal(pid: int, signum: int) -> None:
    try:
        os.kill(pid, signum)
    except ProcessLookupError:
        pass


def _wait_gone(pids: list[int], timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
