"""Where a run's output goes: all of it to ``<home>/logs/run-<run_id>.log``, progress lines to the
console.

The log file gets every Dagster log record (events and stack traces included) and everything the
process writes to its stdout and stderr while the job runs (dbt's output, warnings, the
compute-log mirror), by pointing file descriptors 1 and 2 at it. The console gets one line per
step started, per long step finished, per failed step (its root cause) and per failed check,
written to a duplicate of the terminal taken before the redirection.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

import dagster as dg

from orchestration.run_summary import step_failure_cause

LOGS_DIR = "logs"
KEEP_RUN_LOGS = 20
# A finished step gets its own console line only when it took this long (dbt, publish, ...).
LONG_STEP_S = 10.0
LOG_FORMAT = "%(asctime)s - %(levelname)s - %(message)s"


def run_log_path(home: Path, run_id: str) -> Path:
    return home / LOGS_DIR / f"run-{run_id}.log"


class RunLog:
    """The log file of one run and the console beside it."""

    def __init__(self, home: Path, run_id: str, console: TextIO | None = None):
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
            "progress": _logger_def("progress", ProgressHandler(self.console)),
        }

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
        self._file_handler.close()
        if self._owns_console:
            self.console.close()

    def __enter__(self) -> RunLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class ProgressHandler(logging.Handler):
    """Dagster log records as short console lines; never a stack trace."""

    def __init__(self, stream: TextIO):
        super().__init__(level=logging.DEBUG)
        self.stream = stream

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = progress_line(record)
            if line:
                self.stream.write(f"{datetime.now():%H:%M:%S}  {line}\n")
                self.stream.flush()
        except Exception:  # a console line must never fail a run
            self.handleError(record)


def progress_line(record: logging.LogRecord) -> str | None:
    """The console line for a Dagster log record, or None for records only the log file keeps."""
    meta = getattr(record, "dagster_meta", None) or {}
    event = meta.get("dagster_event")
    if event is None:
        if record.levelno >= logging.ERROR:
            return f"error: {str(meta.get('orig_message', record.getMessage())).splitlines()[0]}"
        return None
    kind = event.event_type
    data = event.event_specific_data
    if kind == dg.DagsterEventType.STEP_START:
        return f"{event.step_key}"
    if kind == dg.DagsterEventType.STEP_SUCCESS and data.duration_ms / 1000 >= LONG_STEP_S:
        return f"{event.step_key} done in {data.duration_ms / 1000:.0f} s"
    if kind == dg.DagsterEventType.STEP_FAILURE:
        return f"FAILED {event.step_key}: {step_failure_cause(data)}"
    if kind == dg.DagsterEventType.ASSET_CHECK_EVALUATION and not data.passed:
        return f"check failed: {data.asset_key.to_user_string()}:{data.check_name}"
    return None


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
