"""One console line per phase of a run (raw loads, dbt build, checks, publish), with the time
since the run started and an estimate of the time left, instead of a line per step.

The estimate comes from the phase times of the home's previous successful full run, kept in
``<home>/logs/phase_times.json``; the first run has none. The dbt build, the longest phase, also
reports how many of its nodes have finished: the dbt asset logs them to the ``DBT_NODES_LOGGER``
Python logger, which the run's console listens to (``orchestration.run_log``).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

PHASES = ("raw loads", "dbt build", "checks", "publish")
PHASE_TIMES_FILE = "phase_times.json"
DBT_NODES_LOGGER = "frontline.dbt_nodes"
# On a terminal that is not a TTY (a CI log, a file) a phase repeats its line at most this often.
REPEAT_AFTER_S = 30.0


def phase_of_step(step_key: str) -> str:
    """The phase a step belongs to, from the step keys of the main job: raw__<source> loaders,
    the frontline_dbt_assets step, publish__release, and every other step an asset check."""
    if step_key.startswith("raw__"):
        return "raw loads"
    if step_key.startswith("frontline_dbt_assets"):
        return "dbt build"
    if step_key.startswith("publish__"):
        return "publish"
    return "checks"


def duration(seconds: float) -> str:
    """'42s', '3m 05s', '1h 02m'."""
    whole = max(int(round(seconds)), 0)
    if whole < 60:
        return f"{whole}s"
    if whole < 3600:
        return f"{whole // 60}m {whole % 60:02d}s"
    return f"{whole // 3600}h {whole % 3600 // 60:02d}m"


def phase_times_path(logs_dir: Path) -> Path:
    return logs_dir / PHASE_TIMES_FILE


def read_phase_times(logs_dir: Path) -> dict[str, float]:
    """The previous successful full run's seconds per phase; empty when there is none (or the file
    cannot be read: an estimate is a convenience, never a reason to fail a run)."""
    try:
        recorded = json.loads(phase_times_path(logs_dir).read_text())
    except (OSError, ValueError):
        return {}
    if not isinstance(recorded, dict):
        return {}
    return {
        phase: float(recorded[phase])
        for phase in PHASES
        if isinstance(recorded.get(phase), int | float) and recorded[phase] >= 0
    }


def write_phase_times(logs_dir: Path, times: Mapping[str, float]) -> None:
    logs_dir.mkdir(parents=True, exist_ok=True)
    ordered = {phase: round(times[phase], 1) for phase in PHASES if phase in times}
    phase_times_path(logs_dir).write_text(json.dumps(ordered, indent=2) + "\n")


class RunProgress:
    """The progress lines of one run. ``write`` gets each line without its newline; ``clock``
    gives seconds (``time.monotonic`` by default; tests pass their own)."""

    def __init__(
        self,
        write: Callable[[str], None],
        previous: Mapping[str, float] | None = None,
        clock: Callable[[], float] = time.monotonic,
        repeat_after_s: float = REPEAT_AFTER_S,
    ):
        self._write = write
        self._previous = dict(previous or {})
        self._clock = clock
        self._repeat_after_s = repeat_after_s
        self._started = clock()
        self._phase: str | None = None
        self._phase_started = self._started
        self._last_line_at = self._started
        self._times: dict[str, float] = {}
        self._nodes: tuple[int, int] = (0, 0)
        self._tests_failed = 0
        self._steps_failed = 0

    @property
    def phase_times(self) -> dict[str, float]:
        """Seconds spent in each phase that has ended so far."""
        return dict(self._times)

    def step_started(self, step_key: str) -> None:
        phase = phase_of_step(step_key)
        if phase == self._phase:
            return
        now = self._clock()
        self._end_phase(now)
        self._phase, self._phase_started = phase, now
        self._nodes = (0, 0)
        self._line(now, phase)

    def step_failed(self, step_key: str) -> None:
        """A failed step gets one line now; what failed and why is in the closing summary."""
        self._steps_failed += 1
        now = self._clock()
        self._line(now, f"{phase_of_step(step_key)}: step {step_key} failed (details at the end)")

    def dbt_nodes(self, done: int, total: int, tests_failed: int) -> None:
        """dbt has finished ``done`` of the build's ``total`` nodes; ``tests_failed`` failed."""
        self._nodes = (done, total)
        now = self._clock()
        first_failure = tests_failed and not self._tests_failed
        self._tests_failed = tests_failed
        finished = total and done >= total
        if first_failure or finished or now - self._last_line_at >= self._repeat_after_s:
            failed = f", {tests_failed} failed" if tests_failed else ""
            # after dbt's last node the step records every result in the Dagster instance
            recording = "; recording the results" if finished else ""
            self._line(now, f"dbt build: {done}/{total} nodes{failed}{recording}")

    def finished(self, succeeded: bool) -> dict[str, float]:
        """End the last phase; after a success, a last line. Returns the seconds per phase."""
        now = self._clock()
        self._end_phase(now)
        self._phase = None
        if succeeded:
            self._write(f"[{duration(now - self._started):>7}] done")
        return self.phase_times

    def _end_phase(self, now: float) -> None:
        if self._phase is not None:
            self._times[self._phase] = self._times.get(self._phase, 0.0) + now - self._phase_started

    def _line(self, now: float, text: str) -> None:
        self._last_line_at = now
        left = self.seconds_left(now)
        estimate = f", about {duration(left)} left" if left is not None else ""
        self._write(f"[{duration(now - self._started):>7}] {text}{estimate}")

    def seconds_left(self, now: float) -> float | None:
        """The previous run's time for what is left of this phase and for the phases after it;
        None without a previous run's times, or once a step has failed (the run stops early)."""
        if self._phase is None or self._steps_failed or not self._previous:
            return None
        if any(phase not in self._previous for phase in PHASES):
            return None
        in_phase = now - self._phase_started
        expected = self._previous[self._phase]
        current = max(expected - in_phase, 0.0)
        done, total = self._nodes
        if self._phase == "dbt build" and total:  # a slower build than last time
            current = max(current, expected * (1 - done / total))
        later = PHASES[PHASES.index(self._phase) + 1 :]
        return current + sum(self._previous[phase] for phase in later)


class DbtNodesHandler(logging.Handler):
    """Feeds the dbt asset's node counts (records of ``DBT_NODES_LOGGER`` carrying ``dbt_nodes``:
    done, total, tests failed) to a RunProgress."""

    def __init__(self, progress: RunProgress):
        super().__init__(level=logging.DEBUG)
        self.progress = progress

    def emit(self, record: logging.LogRecord) -> None:
        nodes = getattr(record, "dbt_nodes", None)
        if nodes is None:
            return
        try:
            self.progress.dbt_nodes(*nodes)
        except Exception:  # a console line must never fail a run
            self.handleError(record)


# The node counts are for a listening console only, never for the root logger's handlers.
logging.getLogger(DBT_NODES_LOGGER).propagate = False


def report_dbt_nodes(done: int, total: int, tests_failed: int) -> None:
    """What the dbt asset calls as dbt finishes nodes; a no-op unless a run's console listens
    (``listening_to_dbt_nodes``)."""
    logger = logging.getLogger(DBT_NODES_LOGGER)
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug(
            "dbt build: %s/%s nodes", done, total, extra={"dbt_nodes": (done, total, tests_failed)}
        )


@contextmanager
def listening_to_dbt_nodes(progress: RunProgress) -> Iterator[None]:
    """Route the dbt asset's node counts to ``progress`` for the duration."""
    logger = logging.getLogger(DBT_NODES_LOGGER)
    handler = DbtNodesHandler(progress)
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        if not logger.handlers:
            logger.setLevel(logging.NOTSET)
