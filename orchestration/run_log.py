"""Where a run's output goes: all of it to ``<home>/logs/run-<run_id>.log``, progress lines to the
console.

The log file gets every Dagster log record (events and stack traces included) and everything the
process writes to its stdout and stderr while the job runs (dbt's output, warnings, the
compute-log mirror), by pointing file descriptors 1 and 2 at it. The console gets a line per phase
of the run with an estimate of the time left, and a line per failed step
(``orchestration.run_progress``), written to a duplicate of the terminal taken before the
redirection; what failed and why is the closing summary's job (``orchestration.run_summary``).
A successful full run records its phase times for the next run's estimate.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any, TextIO

import dagster as dg

from orchestration.run_progress import (
    PHASES,
    RunProgress,
    listening_to_dbt_nodes,
    read_phase_times,
    write_phase_times,
)

LOGS_DIR = "logs"
KEEP_RUN_LOGS = 20
LOG_FORMAT = "%(asctime)s - %(levelname)s - %(message)s"


def run_log_path(home: Path, run_id: str) -> Path:
    return home / LOGS_DIR / f"run-{run_id}.log"


class RunLog:
    """The log file of one run and the console beside it."""

    def __init__(
        self,
        home: Path,
        run_id: str,
        console: TextIO | None = None,
        clock: Callable[[], float] | None = None,
    ):
        self.path = run_log_path(home, run_id)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        _prune_run_logs(self.path.parent, keep=KEEP_RUN_LOGS - 1)
        self.path.touch()
        # The console must survive the redirection of fd 1: write to a duplicate of it.
        source = console if console is not None else sys.stdout
        self._owns_console = _has_fd(source)
        if self._owns_console:
            source.flush()
            source = open(os.dup(source.fileno()), "w", buffering=1, encoding="utf-8")
        self.console: TextIO = source
        self._file_handler = logging.FileHandler(self.path, mode="a", encoding="utf-8")
        self._file_handler.setFormatter(logging.Formatter(LOG_FORMAT))
        logs_dir = self.path.parent
        self.progress = RunProgress(
            self._console_line,
            previous=read_phase_times(logs_dir),
            **({"clock": clock} if clock is not None else {}),
        )
        self._listeners = ExitStack()
        self._listeners.enter_context(listening_to_dbt_nodes(self.progress))
        self._logs_dir = logs_dir

    def _console_line(self, line: str) -> None:
        self.console.write(line + "\n")
        self.console.flush()

    def say(self, line: str) -> None:
        """A line for both the console and the log file."""
        self.console.write(line + "\n")
        self.console.flush()
        with open(self.path, "a", encoding="utf-8") as log:
            log.write(line + "\n")

    def logger_defs(self) -> dict[str, dg.LoggerDefinition]:
        """Loggers for the job: ``run_log_file`` (everything) and ``progress`` (the console)."""
        return {
            "run_log_file": _logger_def("run_log_file", self._file_handler),
            "progress": _logger_def("progress", ProgressHandler(self.progress, self._run_ended)),
        }

    def _run_ended(self, succeeded: bool) -> None:
        """Record a successful full run's phase times: the next run's estimate."""
        times = self.progress.finished(succeeded)
        if succeeded and all(phase in times for phase in PHASES):
            write_phase_times(self._logs_dir, times)

    @staticmethod
    def loggers_run_config() -> dict[str, Any]:
        return {"run_log_file": {}, "progress": {}}

    @contextmanager
    def capturing_output(self) -> Iterator[None]:
        """Point fds 1 and 2 at the log file for the duration (what dbt and libraries print)."""
        sys.stdout.flush()
        sys.stderr.flush()
        saved = {fd: os.dup(fd) for fd in (1, 2)}
        log_fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            for fd in saved:
                os.dup2(log_fd, fd)
            yield
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            for fd, copy in saved.items():
                os.dup2(copy, fd)
                os.close(copy)
            os.close(log_fd)

    def close(self) -> None:
        self._listeners.close()
        self._file_handler.close()
        if self._owns_console:
            self.console.close()

    def __enter__(self) -> RunLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class ProgressHandler(logging.Handler):
    """Dagster's step and run events as progress: a step starting a phase, a failed step, the
    run's end. Every other record (skipped steps' 'Dependencies failed', stack traces) is for the
    log file only."""

    def __init__(self, progress: RunProgress, run_ended: Callable[[bool], None]):
        super().__init__(level=logging.DEBUG)
        self.progress = progress
        self.run_ended = run_ended

    def emit(self, record: logging.LogRecord) -> None:
        meta = getattr(record, "dagster_meta", None) or {}
        event = meta.get("dagster_event")
        if event is None:
            return
        try:
            kind = event.event_type
            if kind == dg.DagsterEventType.STEP_START:
                self.progress.step_started(event.step_key)
            elif kind == dg.DagsterEventType.STEP_FAILURE:
                self.progress.step_failed(event.step_key)
            elif kind in (dg.DagsterEventType.RUN_SUCCESS, dg.DagsterEventType.RUN_FAILURE):
                self.run_ended(kind == dg.DagsterEventType.RUN_SUCCESS)
        except Exception:  # a console line must never fail a run
            self.handleError(record)


def _logger_def(name: str, handler: logging.Handler) -> dg.LoggerDefinition:
    def _create(_init_context: dg.InitLoggerContext) -> logging.Logger:
        logger = logging.Logger(f"frontline.{name}", level=logging.DEBUG)
        logger.addHandler(handler)
        return logger

    return dg.LoggerDefinition(logger_fn=_create, description=f"frontline {name}")


def _prune_run_logs(folder: Path, keep: int) -> None:
    logs = sorted(folder.glob("run-*.log"), key=lambda path: path.stat().st_mtime, reverse=True)
    for old in logs[keep:]:
        old.unlink(missing_ok=True)


def _has_fd(stream: TextIO) -> bool:
    try:
        stream.fileno()
    except (AttributeError, OSError, ValueError):
        return False
    return True
