"""What the console says after a run: one line per failed step (its root cause, never a stack
trace), each failed check with its sample rows, and the sources with rejected rows or quarantined
files. The stack traces stay in the run's log file (``orchestration.run_log``)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb

# Dagster wraps an exception raised in a step in this error; the cause is what the step raised.
_STEP_WRAPPER = "DagsterExecutionStepExecutionError"
_MODULE_PATH = re.compile(r"^(?:[a-z_]\w*\.)+([A-Z]\w*:)")  # 'pkg.mod.Error:', not 'a.csv:'
MAX_LINE = 400


def first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def headline(error_message: str) -> str:
    """An exception's message on one line: its first line, without the exception's module path
    ('dagster._core.errors.X: ...' reads 'X: ...'), followed by the lines it announces when it
    ends with a colon (Dagster's '1 blocking asset check failed ...:' lists the checks)."""
    lines = [line.strip() for line in error_message.splitlines() if line.strip()]
    if not lines:
        return ""
    text = lines[0]
    if text.endswith(":") and len(lines) > 1:
        text += " " + "; ".join(lines[1:])
    text = _MODULE_PATH.sub(r"\1", text)
    return text if len(text) <= MAX_LINE else text[: MAX_LINE - 3] + "..."


def step_failure_cause(failure: Any) -> str:
    """One line for a failed step (a StepFailureData): the description of a ``dagster.Failure``
    (the loaders' file/sheet/row/column message), else the exception the step raised, with the
    innermost exception of its chain when that is another one."""
    user_failure = getattr(failure, "user_failure_data", None)
    if user_failure is not None and user_failure.description:
        return first_line(user_failure.description)
    error = failure.error
    if error is None:
        return "no error recorded"
    if error.cls_name == _STEP_WRAPPER and error.cause is not None:
        error = error.cause
    raised = headline(error.message)
    innermost = error
    while (innermost.cause or innermost.context) is not None:
        innermost = innermost.cause or innermost.context
    if innermost is error:
        return raised
    return f"{raised} (cause: {headline(innermost.message)})"


def failure_lines(result: dg.ExecuteInProcessResult) -> list[str]:
    """Per failed step its cause; per failed check its name and sample failing rows."""
    lines = []
    for event in result.all_events:
        if event.event_type == dg.DagsterEventType.STEP_FAILURE:
            cause = step_failure_cause(event.event_specific_data)
            lines.append(f"  failed step {event.step_key}: {cause}")
        if event.event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION:
            evaluation = event.event_specific_data
            if not evaluation.passed:
                key = evaluation.asset_key.to_user_string()
                lines.append(f"  failed check {key}:{evaluation.check_name}")
                sample = evaluation.metadata.get("sample_failing_rows")
                if sample is not None:
                    rows = str(sample.value).replace("\n", "\n    ")
                    lines.append(f"    sample failing rows:\n    {rows}")
    return lines


def load_report_lines(working_db: Path) -> list[str]:
    """One line per source with rejected rows or quarantined files, read from the working
    database read-only; an empty list when nothing was rejected or quarantined."""
    if not working_db.exists():
        return []
    from orchestration.raw.catalog import SOURCES
    from orchestration.raw.landing.load_report import load_report

    try:
        with duckdb.connect(str(working_db), read_only=True) as con:
            reports = load_report(con, SOURCES)
    except duckdb.Error as error:
        return [f"  load report unavailable: {first_line(str(error))}"]
    lines = []
    for report in reports:
        if report.rows_rejected or report.quarantined:
            blocking = ": over its threshold, blocks publication" if report.over_threshold else ""
            lines.append(f"  {report.line()}{blocking}")
    if lines:
        lines.insert(0, "Rejected rows and quarantined files (raw._rejects, raw._quarantine):")
    return lines
