"""What the console says after a run: one line per failed step (its root cause, never a stack
trace), each failed check with its first failing rows and the source file, sheet and row they came
from, and the sources with rejected rows or quarantined files, in at most MAX_CLOSING_LINES lines.
The stack traces stay in the run's log file (``orchestration.run_log``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
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


# The closing part of a failed run's console output, from the blank line before "The run failed"
# to "Full log: ...", is at most this many lines (the CLI adds those three).
MAX_CLOSING_LINES = 30
MAX_WIDTH = 160
MAX_CELL = 40
ROWS_PER_CHECK = 3
MAX_STEPS = 5
MAX_LOAD_REPORT_LINES = 4
LINEAGE_COLUMNS = ("source_file", "source_sheet", "source_row_number", "source_sha256")
_CELL_SEPARATOR = re.compile(r" \| ")  # an escaped pipe is "\\|", never " | "


@dataclass(frozen=True)
class FailedCheck:
    """A check that failed, with what the console shows of it."""

    table: str
    name: str
    failing_rows: int | None
    columns: list[str]
    rows: list[list[str]]
    sources: list[dict[str, Any]]
    note: str | None = None

    def lines(self, max_rows: int) -> list[str]:
        count = (
            "" if self.failing_rows is None else f" ({_plural(self.failing_rows, 'failing row')})"
        )
        lines = [f"  failed check {self.name} on {self.table}{count}"]
        columns, rows = self.columns, self.rows
        if self.sources:  # shown on their own line
            keep = [i for i, c in enumerate(columns) if c not in LINEAGE_COLUMNS]
            columns = [columns[i] for i in keep]
            rows = [[row[i] for i in keep] for row in rows]
        if columns and rows and max_rows:
            lines += [f"    {line}" for line in aligned_table(columns, rows[:max_rows])]
        if self.sources:
            lines.append(_fit(f"    source: {source_text(self.sources)}"))
        if self.note:
            lines.append(_fit(f"    {self.note}"))
        return lines


def _plural(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _fit(line: str, width: int = MAX_WIDTH) -> str:
    return line if len(line) <= width else line[: width - 3] + "..."


def parse_markdown_table(markdown: str) -> tuple[list[str], list[list[str]]]:
    """Columns and rows of a table written by ``expectations.dagster_checks.markdown_table``
    (the failing rows of every check, dbt's and Great Expectations')."""
    lines = [line.strip() for line in markdown.splitlines() if line.strip().startswith("|")]
    if len(lines) < 2:
        return [], []

    def cells(line: str) -> list[str]:
        inner = line[1:-1].strip() if line.endswith("|") else line[1:].strip()
        return [cell.strip().replace("\\|", "|") for cell in _CELL_SEPARATOR.split(inner)]

    columns = cells(lines[0])
    rows = [cells(line) for line in lines[2:]]
    return columns, [row for row in rows if len(row) == len(columns)]


def aligned_table(
    columns: list[str], rows: list[list[str]], width: int = MAX_WIDTH - 4
) -> list[str]:
    """Columns padded to their widest cell (cells cut at MAX_CELL characters); columns that do
    not fit in ``width`` are left out and counted."""

    def cut(text: str) -> str:
        return text if len(text) <= MAX_CELL else text[: MAX_CELL - 3] + "..."

    table = [[cut(c) for c in columns]] + [[cut(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(columns))]
    shown, used = 0, 0
    for column_width in widths:
        if shown and used + 2 + column_width > width - 20:
            break
        used += column_width + (2 if shown else 0)
        shown += 1
    hidden = len(columns) - shown
    lines = []
    for index, row in enumerate(table):
        text = "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:shown])).rstrip()
        if hidden and index == 0:
            text += f"  (+{_plural(hidden, 'column')})"
        lines.append(text)
    return lines


def source_text(sources: list[dict[str, Any]]) -> str:
    """'a.csv, row 199' or 'b.xlsx, sheet Crime, rows 2, 3'; files joined by '; '."""
    grouped: dict[tuple[str, str | None], list[int]] = {}
    for source in sources:
        rows = grouped.setdefault((source["file"], source.get("sheet")), [])
        if source.get("row") is not None:
            rows.append(int(source["row"]))
    parts = []
    for (file, sheet), rows in grouped.items():
        text = file + (f", sheet {sheet}" if sheet else "")
        if rows:
            numbers = ", ".join(str(row) for row in sorted(set(rows)))
            text += f", row{'s' if len(set(rows)) > 1 else ''} {numbers}"
        parts.append(text)
    return "; ".join(parts)


def _metadata_value(metadata: Any, key: str) -> Any:
    entry = metadata.get(key)
    return None if entry is None else getattr(entry, "value", entry)


def failed_check(evaluation: Any) -> FailedCheck:
    """What the console shows of a failed check evaluation (a dbt test's or a Great
    Expectations check's: both attach their first failing rows as a Markdown table)."""
    metadata = evaluation.metadata
    count = _metadata_value(metadata, "dagster_dbt/failed_row_count")
    if count is None:
        count = _metadata_value(metadata, "failing_row_count")
    sample = _metadata_value(metadata, "sample_failing_rows")
    columns, rows = parse_markdown_table(str(sample)) if sample is not None else ([], [])
    sources = _metadata_value(metadata, "source_rows") or []
    if not sources and "source_file" in columns:
        at = {name: columns.index(name) for name in LINEAGE_COLUMNS[:3] if name in columns}
        for row in rows:
            found = {name: row[i] for name, i in at.items()}
            if found["source_file"] in ("", "NULL"):
                continue
            number = found.get("source_row_number", "NULL")
            sheet = found.get("source_sheet", "NULL")
            sources.append(
                {
                    "file": found["source_file"],
                    "sheet": None if sheet == "NULL" else sheet,
                    "row": int(number) if number.isdigit() else None,
                }
            )
    unavailable = _metadata_value(metadata, "failing_rows_unavailable")
    return FailedCheck(
        table=".".join(evaluation.asset_key.path),
        name=evaluation.check_name,
        failing_rows=None if count is None else int(count),
        columns=columns,
        rows=rows,
        sources=list(sources),
        note=f"failing rows unavailable: {unavailable}" if unavailable else None,
    )


def _check_evaluations(result: dg.ExecuteInProcessResult) -> list[Any]:
    return [
        event.event_specific_data
        for event in result.all_events
        if event.event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION
        and not event.event_specific_data.passed
    ]


def failure_lines(
    result: dg.ExecuteInProcessResult, budget: int = MAX_CLOSING_LINES - 3
) -> list[str]:
    """At most ``budget`` lines: each failed step with its cause, then each failed check (at error
    severity) with its first failing rows and their source rows, as many as fit; the others
    named on one line; checks that failed at warning severity counted."""
    steps = [
        f"  failed step {event.step_key}: {step_failure_cause(event.event_specific_data)}"
        for event in result.all_events
        if event.event_type == dg.DagsterEventType.STEP_FAILURE
    ]
    if len(steps) > MAX_STEPS:
        steps = steps[: MAX_STEPS - 1] + [f"  and {len(steps) - MAX_STEPS + 1} more failed steps"]
    lines = list(steps)  # a cause is at most MAX_LINE characters: what was expected and found
    evaluations = _check_evaluations(result)
    warned = [e for e in evaluations if e.severity == dg.AssetCheckSeverity.WARN]
    checks = [failed_check(e) for e in evaluations if e.severity != dg.AssetCheckSeverity.WARN]
    tail = [f"  {_plural(len(warned), 'check')} failed at warning severity (not blocking)"]
    room = budget - len(lines) - (1 if warned else 0)
    # every check with up to ROWS_PER_CHECK rows when they all fit, else one row each
    rows = ROWS_PER_CHECK
    if sum(len(check.lines(rows)) for check in checks) > room:
        rows = 1
    shown = 0
    for position, check in enumerate(checks):
        last = position == len(checks) - 1
        reserve = 0 if last else 1  # for the line naming the checks not shown
        block = check.lines(rows)
        if len(block) > room - reserve:
            block = check.lines(1)
        if len(block) > room - reserve:
            break
        lines += block
        room -= len(block)
        shown += 1
    rest = checks[shown:]
    if rest:
        names = ", ".join(check.name for check in rest)
        lines.append(_fit(f"  and {_plural(len(rest), 'more failed check')}: {names}"))
    if warned:
        lines += tail
    return lines[:budget]


def failed_run_lines(result: dg.ExecuteInProcessResult, working_db: Path) -> list[str]:
    """Everything between "The run failed: ..." and "Full log: ...": the failed steps and checks
    and the sources with rejected rows, so that the closing part stays within
    MAX_CLOSING_LINES lines whatever failed."""
    budget = MAX_CLOSING_LINES - 3  # the blank line, the header, the log's path
    report = load_report_lines(working_db)
    if len(report) > MAX_LOAD_REPORT_LINES:
        more = len(report) - MAX_LOAD_REPORT_LINES + 1
        report = report[: MAX_LOAD_REPORT_LINES - 1] + [f"  and {more} more (raw._rejects)"]
    return failure_lines(result, budget - len(report)) + report


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
