"""Validate a DuckDB table against a declarative Great Expectations 1.x suite file.

GE 1.x has no DuckDB dialect (its SQL datasource over duckdb_engine fails), so the table is read
into a pandas DataFrame from a read-only DuckDB connection and validated with an ephemeral GE
context and a pandas datasource. Only the columns the suite's expectations read are fetched (all
of them when one expectation reads the table's shape); failing rows are read whole afterwards.
Great Expectations is imported only when a suite is validated: importing it takes seconds, and
Dagster loads the definitions far more often than it runs checks.

A suite file is GE 1.x's own serialised suite::

    {"name": "fct_indicator_value",
     "meta": {"description": "...", "relation": "marts.fct_indicator_value"},
     "expectations": [{"type": "expect_column_values_to_not_be_null",
                       "kwargs": {"column": "value"}, "meta": {"why": "..."}}]}
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from orchestration.publish.model import CheckOutcome

if TYPE_CHECKING:
    import great_expectations as gx
    import pandas as pd

SAMPLE_ROWS = 10
PARTIAL_VALUES = 20
FAILED_MARKER = "_failed_expectations"
ROW_ID = "_frontline_rowid"
_WORDS = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_CHECKED = "checked"  # the checked database, attached read-only under this name
# Expectations whose pandas implementation reads a column's values only to match them, test
# membership, nullness, equality or uniqueness, or to count rows
CATEGORY_SAFE_EXPECTATIONS = frozenset(
    {
        "expect_table_row_count_to_be_between",
        "expect_column_values_to_not_be_null",
        "expect_column_values_to_be_null",
        "expect_column_values_to_match_regex",
        "expect_column_values_to_not_match_regex",
        "expect_column_values_to_be_in_set",
        "expect_column_values_to_not_be_in_set",
        "expect_column_values_to_be_unique",
        "expect_compound_columns_to_be_unique",
        "expect_column_unique_value_count_to_be_between",
        "expect_column_distinct_values_to_equal_set",
        "expect_column_distinct_values_to_contain_set",
        "expect_column_distinct_values_to_be_in_set",
    }
)


class SuiteFileError(ValueError):
    """A suite file that cannot be read as a GE 1.x suite; the message names the file and entry."""


@dataclass(frozen=True)
class SuiteFile:
    """A suite file read as plain JSON (no Great Expectations import)."""

    path: Path
    name: str
    meta: dict[str, Any]
    expectations: list[dict[str, Any]]

    @property
    def description(self) -> str:
        return str(self.meta.get("description") or f"Great Expectations suite {self.name}")


@dataclass(frozen=True)
class ExpectationOutcome:
    """One expectation's result, trimmed to what a person needs to act on it."""

    type: str
    kwargs: dict[str, Any]
    success: bool
    unexpected_count: int | None = None
    unexpected_percent: float | None = None
    partial_unexpected_list: list[Any] = field(default_factory=list)
    observed_value: Any = None
    meta: dict[str, Any] = field(default_factory=dict)
    exception_message: str | None = None

    @property
    def label(self) -> str:
        column = self.kwargs.get("column")
        return f"{self.type}({column})" if column else self.type


@dataclass(frozen=True)
class SuiteOutcome:
    """The result of validating one table against one suite."""

    suite: str
    table: str
    success: bool
    description: str
    row_count: int
    results: list[ExpectationOutcome]
    failing_row_count: int
    sample_failing_rows: list[dict[str, Any]]

    @property
    def failed(self) -> list[ExpectationOutcome]:
        return [r for r in self.results if not r.success]

    def to_check_outcome(self, name: str | None = None, blocking: bool = True) -> CheckOutcome:
        """The shape publication records in the release manifest."""
        return CheckOutcome(
            name=name or f"ge_{self.suite}",
            asset=self.table,
            passed=self.success,
            blocking=blocking,
            severity="ERROR",
            description=self.description,
            failing_row_count=self.failing_row_count,
            sample_failing_rows=self.sample_failing_rows,
        )


def read_suite_file(suite_path: str | Path) -> SuiteFile:
    """Read a suite file's JSON and check its outline: name, meta, expectations (type, kwargs)."""
    path = Path(suite_path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise SuiteFileError(f"{path}: cannot read suite JSON: {e}") from e
    if not isinstance(data, dict) or not isinstance(data.get("name"), str) or not data["name"]:
        raise SuiteFileError(f"{path}: expected an object with a non-empty 'name'")
    expectations = data.get("expectations")
    if not isinstance(expectations, list) or not expectations:
        raise SuiteFileError(f"{path}: 'expectations' must be a non-empty list")
    for i, e in enumerate(expectations):
        if not isinstance(e, dict) or not isinstance(e.get("type"), str):
            raise SuiteFileError(f"{path}: expectations[{i}] needs a 'type' string")
        if not isinstance(e.get("kwargs", {}), dict):
            raise SuiteFileError(
                f"{path}: expectations[{i}] ('{e['type']}'): 'kwargs' must be an object"
            )
    meta = data.get("meta") or {}
    if not isinstance(meta, dict):
        raise SuiteFileError(f"{path}: 'meta' must be an object")
    return SuiteFile(path=path, name=data["name"], meta=meta, expectations=expectations)


def load_suite(suite: str | Path | SuiteFile) -> gx.ExpectationSuite:
    """Build GE's own ExpectationSuite from a suite file (its path, or the file already read).

    Each entry goes through GE's ExpectationConfiguration and expectation class, so an unknown
    type or a bad keyword fails here with the file and entry named (GE's ExpectationSuite would
    only log it and drop the expectation).
    """
    spec = suite if isinstance(suite, SuiteFile) else read_suite_file(suite)
    gx = _gx()
    from great_expectations.expectations.expectation_configuration import (
        ExpectationConfiguration,
    )

    expectations = []
    for i, entry in enumerate(spec.expectations):
        try:
            config = ExpectationConfiguration(
                type=entry["type"],
                kwargs=entry.get("kwargs", {}),
                meta=entry.get("meta"),
                notes=entry.get("notes"),
                description=entry.get("description"),
                **_severity(entry),
            )
            expectations.append(config.to_domain_obj())
        except Exception as e:  # GE raises several unrelated types (pydantic, its own)
            message = " ".join(str(e).split())
            raise SuiteFileError(
                f"{spec.path}: expectations[{i}] ('{entry['type']}'): {message}"
            ) from e
    return gx.ExpectationSuite(
        name=spec.name, expectations=expectations, meta=dict(spec.meta), notes=None
    )


def read_table(
    db_path: str | Path,
    table: str,
    columns: Sequence[str] | None = None,
    categorical: Collection[str] = (),
) -> pd.DataFrame:
    """The table as a DataFrame, read through a read-only DuckDB connection: every column, or
    only ``columns`` behind the table's ``rowid`` (as ROW_ID, so failing rows can be read whole
    afterwards; ``full_rows``). Text columns named in ``categorical`` arrive as pandas
    categoricals (DuckDB enums), which hold each distinct text once."""
    if columns is None:
        con = duckdb.connect(str(db_path), read_only=True)
        try:
            return con.execute(f"select * from {_relation_sql(table)}").df()
        finally:
            con.close()
    # the enum types live in an in-memory database beside the attached, read-only file
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"attach {_literal(str(db_path))} as {_CHECKED} (read_only)")
        _relation_sql(table)  # refuses a malformed name with its own message
        # the file's own catalog name (in a three-part name) is _CHECKED here
        *_, schema, table_name = ["main", *table.split(".")]
        relation = f"{_CHECKED}.{_relation_sql(f'{schema}.{table_name}')}"
        types = {
            d[0]: str(d[1]) for d in con.execute(f"select * from {relation} limit 0").description
        }
        selected = []
        for number, column in enumerate(columns):
            name = _quoted(column)
            if column in categorical and types.get(column) == "VARCHAR":
                con.execute(
                    f"create type enum_{number} as enum "
                    f"(select distinct {name} from {relation} where {name} is not null)"
                )
                selected.append(f"cast({name} as enum_{number}) as {name}")
            else:
                selected.append(name)
        return con.execute(f"select rowid as {ROW_ID}, {', '.join(selected)} from {relation}").df()
    finally:
        con.close()


def full_rows(db_path: str | Path, table: str, row_ids: Sequence[int]) -> dict[int, dict]:
    """Whole rows of ``table`` by rowid."""
    if not row_ids:
        return {}
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        cursor = con.execute(
            f"select rowid, * from {_relation_sql(table)} "
            "where rowid in (select unnest(?::bigint[]))",
            [list(row_ids)],
        )
        names = [d[0] for d in cursor.description][1:]
        return {row[0]: dict(zip(names, row[1:], strict=True)) for row in cursor.fetchall()}
    finally:
        con.close()


def checked_columns(spec: SuiteFile, table_columns: Sequence[str]) -> list[str] | None:
    """The table's columns the suite's expectations read (in table order), or None when one of
    them reads the whole table's shape (a column list or count) and needs every column."""
    named: set[str] = set()
    for entry in spec.expectations:
        if entry["type"].startswith("expect_table_column"):
            return None
        kwargs = entry.get("kwargs", {})
        for key in ("column", "column_A", "column_B"):
            if isinstance(kwargs.get(key), str):
                named.add(kwargs[key])
        for key in ("column_list", "column_set"):
            named.update(c for c in kwargs.get(key) or () if isinstance(c, str))
        condition = kwargs.get("row_condition")
        if isinstance(condition, str):  # any column the condition's words name
            named.update(w for w in _WORDS.findall(condition) if w in table_columns)
    if not named <= set(table_columns):
        return None  # let GE name the missing column, over the whole table
    return [c for c in table_columns if c in named] or list(table_columns[:1])


def categorical_columns(spec: SuiteFile) -> set[str]:
    """The columns that every expectation naming them only matches, tests for membership,
    nullness or equality (a row condition without an ordering comparison included): on these a
    categorical answers as its text would, and a large table's repeated codes and names take a
    fraction of the memory (tests/python/expectations/test_categorical_columns.py checks each
    type against the plain column)."""
    safe: set[str] = set()
    unsafe: set[str] = set()
    for entry in spec.expectations:
        kwargs = entry.get("kwargs", {})
        named = {kwargs[key] for key in ("column", "column_A", "column_B") if key in kwargs}
        named.update(kwargs.get("column_list") or ())
        ordered = entry["type"] not in CATEGORY_SAFE_EXPECTATIONS or bool(
            {"column_A", "column_B"} & set(kwargs)
        )
        (unsafe if ordered else safe).update(c for c in named if isinstance(c, str))
        condition = kwargs.get("row_condition")
        if isinstance(condition, str):
            words = set(_WORDS.findall(condition))
            (unsafe if "<" in condition or ">" in condition else safe).update(words)
    return safe - unsafe


def validate_table(db_path: str | Path, table: str, suite_path: str | Path) -> SuiteOutcome:
    """Validate ``table`` (``schema.table`` or ``table``) in a DuckDB file against a suite.

    Only the columns the expectations read leave DuckDB (a comparison mart has fifty columns and
    its suite reads eight), and the failing rows are then read whole by rowid for the report."""
    spec = read_suite_file(suite_path)
    suite = load_suite(spec)
    columns = _table_columns(db_path, table)
    wanted = checked_columns(spec, columns) if columns else None
    if wanted is None:
        return validate_frame(read_table(db_path, table), suite, table=table)
    frame = read_table(db_path, table, wanted, categorical_columns(spec))
    row_ids = frame.pop(ROW_ID).to_numpy()
    outcome, indexes = _validate(frame, suite, table)
    if not indexes:
        return outcome
    whole = full_rows(db_path, table, [int(row_ids[i]) for i in indexes])
    samples = [
        {
            **{str(k): _plain(v) for k, v in whole.get(int(row_ids[i]), {}).items()},
            **sample,
        }
        for i, sample in zip(indexes, outcome.sample_failing_rows, strict=True)
    ]
    return replace(outcome, sample_failing_rows=samples)


def _table_columns(db_path: str | Path, table: str) -> list[str]:
    """The columns of a base table, in order; [] for a view (it has no rowid)."""
    parts = table.split(".")
    schema = parts[-2] if len(parts) > 1 else None
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        rows = con.execute(
            "select columns.column_name from duckdb_columns() as columns "
            "inner join duckdb_tables() as tables "
            "using (database_name, schema_name, table_name) "
            "where columns.table_name = ? and (?::varchar is null or columns.schema_name = ?) "
            "order by columns.column_index",
            [parts[-1], schema, schema],
        ).fetchall()
    finally:
        con.close()
    return [r[0] for r in rows]


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def validate_frame(frame: pd.DataFrame, suite: gx.ExpectationSuite, table: str) -> SuiteOutcome:
    """Validate a DataFrame with an ephemeral GE context; collect failing rows by index."""
    return _validate(frame, suite, table)[0]


def _validate(
    frame: pd.DataFrame, suite: gx.ExpectationSuite, table: str
) -> tuple[SuiteOutcome, list[int]]:
    """The outcome, and the frame positions of its sample failing rows."""
    gx = _gx()
    from great_expectations.data_context.types.base import ProgressBarsConfig

    frame = frame.reset_index(drop=True)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    batch = (
        context.data_sources.add_pandas("frontline")
        .add_dataframe_asset(table)
        .add_batch_definition_whole_dataframe("whole_table")
        .get_batch(batch_parameters={"dataframe": frame})
    )
    # one validation per expectation: GE keeps every metric a validation computed (whole-column
    # boolean masks and index lists) until it ends, so one suite-wide validation holds them all
    validations = [
        batch.validate(expectation, result_format={"result_format": "COMPLETE"})
        for expectation in suite.expectations
    ]

    results: list[ExpectationOutcome] = []
    failed_by_row: dict[int, list[str]] = {}
    for r in validations:
        config = r.expectation_config
        result = r.result or {}
        exception = (r.exception_info or {}) if isinstance(r.exception_info, dict) else {}
        outcome = ExpectationOutcome(
            type=config.type,
            kwargs={k: v for k, v in config.kwargs.items() if k != "batch_id"},
            success=bool(r.success),
            unexpected_count=result.get("unexpected_count"),
            unexpected_percent=result.get("unexpected_percent"),
            partial_unexpected_list=[
                _plain(v) for v in (result.get("partial_unexpected_list") or [])[:PARTIAL_VALUES]
            ],
            observed_value=_plain(result.get("observed_value")),
            meta=dict(config.meta or {}),
            exception_message=exception.get("exception_message")
            if exception.get("raised_exception")
            else None,
        )
        results.append(outcome)
        if not outcome.success:
            for index in result.get("unexpected_index_list") or []:
                if isinstance(index, int | float) and not isinstance(index, bool):
                    failed_by_row.setdefault(int(index), []).append(outcome.label)

    failing = sorted(failed_by_row)
    samples = []
    for index in failing[:SAMPLE_ROWS]:
        row = {str(k): _plain(v) for k, v in frame.iloc[index].to_dict().items()}
        row[FAILED_MARKER] = ", ".join(failed_by_row[index])
        samples.append(row)
    outcome = SuiteOutcome(
        suite=suite.name,
        table=table,
        success=all(r.success for r in validations),
        description=str((suite.meta or {}).get("description") or ""),
        row_count=len(frame),
        results=results,
        failing_row_count=len(failing),
        sample_failing_rows=samples,
    )
    return outcome, failing[:SAMPLE_ROWS]


def _severity(entry: dict[str, Any]) -> dict[str, Any]:
    if "severity" not in entry:
        return {}
    from great_expectations.expectations.metadata_types import FailureSeverity

    return {"severity": FailureSeverity(entry["severity"])}


def _gx() -> Any:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx

    return gx


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _relation_sql(table: str) -> str:
    parts: Sequence[str] = table.split(".")
    if not 1 <= len(parts) <= 3 or not all(parts):
        raise ValueError(f"table {table!r}: expected 'table', 'schema.table' or 'db.schema.table'")
    return ".".join('"' + p.replace('"', '""') + '"' for p in parts)


def _plain(value: Any) -> Any:
    """A JSON-friendly scalar: NaN/NaT become None, dates and decimals become strings."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, list | dict | str):
        try:
            value = value.item()
        except (ValueError, TypeError):
            pass
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    try:
        import pandas as pd

        if pd.isna(value):
            return None
        if isinstance(value, pd.Timestamp):
            return value.isoformat()
    except (TypeError, ValueError):
        pass
    return str(value)
