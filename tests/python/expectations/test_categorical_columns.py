"""Text columns read as categoricals give Great Expectations the same answers as plain text.

For every expectation type the runner reads as categories, a table with failing rows, nulls and
a row condition is validated twice: by ``validate_table`` (categorical text) and by GE over the
whole table read as plain text (``validate_frame``). Each expectation's outcome must agree.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

import duckdb
import pytest

from expectations import runner

RELATION = "marts.t"
ROWS = [  # code, kind, name, n
    ("E23000001", "crime", "Avon", 3),
    ("E23000001", "crime", "Avon", 4),  # (code, kind) repeated
    ("E23000002", "asb", "Bedford", 5),
    ("X99", "crime", None, 6),  # a bad code, a missing name
    ("E23000003", "asb", "Cambs", 7),
    (None, "other", "Dorset", 8),
    ("E23000004", "crime", "Essex", 9),
]
CONDITION = {"row_condition": 'kind == "crime"', "condition_parser": "pandas"}
EXPECTATIONS = {
    "expect_table_row_count_to_be_between": {"min_value": 1, "max_value": 5},
    "expect_column_values_to_not_be_null": {"column": "name"},
    "expect_column_values_to_be_null": {"column": "name"},
    "expect_column_values_to_match_regex": {"column": "code", "regex": "^E23[0-9]{6}$"},
    "expect_column_values_to_not_match_regex": {"column": "code", "regex": "^X"},
    "expect_column_values_to_be_in_set": {"column": "kind", "value_set": ["crime", "asb"]},
    "expect_column_values_to_not_be_in_set": {"column": "name", "value_set": ["Avon"]},
    "expect_column_values_to_be_unique": {"column": "code"},
    "expect_compound_columns_to_be_unique": {"column_list": ["code", "kind"]},
    "expect_column_unique_value_count_to_be_between": {"column": "kind", "max_value": 2},
    "expect_column_distinct_values_to_equal_set": {"column": "kind", "value_set": ["crime"]},
    "expect_column_distinct_values_to_contain_set": {"column": "kind", "value_set": ["asb"]},
    "expect_column_distinct_values_to_be_in_set": {"column": "kind", "value_set": ["crime"]},
}


def test_every_safe_type_is_compared_here() -> None:
    assert set(EXPECTATIONS) == runner.CATEGORY_SAFE_EXPECTATIONS


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "warehouse.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create schema marts")
    con.execute(f"create table {RELATION} (code varchar, kind varchar, name varchar, n integer)")
    con.executemany(f"insert into {RELATION} values (?, ?, ?, ?)", ROWS)
    con.close()
    return path


def _suite(tmp_path: Path, expectations: list[dict]) -> Path:
    path = tmp_path / "t.json"
    path.write_text(json.dumps({"name": "t", "expectations": expectations}))
    return path


def _answers(outcome: runner.SuiteOutcome) -> list[tuple]:
    return [
        (
            r.type,
            r.success,
            r.unexpected_count,
            sorted(map(str, r.partial_unexpected_list)),
            sorted(map(str, r.observed_value))
            if isinstance(r.observed_value, list)
            else r.observed_value,
            r.exception_message,
        )
        for r in outcome.results
    ]


@pytest.mark.parametrize("conditioned", [False, True], ids=["whole table", "row condition"])
@pytest.mark.parametrize("kind", sorted(EXPECTATIONS))
def test_categorical_text_answers_as_plain_text(
    tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, conditioned: bool
) -> None:
    kwargs = dict(EXPECTATIONS[kind])
    if conditioned and kind != "expect_table_row_count_to_be_between":
        kwargs |= CONDITION
    suite_path = _suite(tmp_path, [{"type": kind, "kwargs": kwargs}])
    read = []
    real_read = runner.read_table

    def spy(db, table, columns=None, categorical=()):
        frame = real_read(db, table, columns, categorical)
        read.append({c for c in frame.columns if frame[c].dtype == "category"})
        return frame

    monkeypatch.setattr(runner, "read_table", spy)
    categorical = runner.validate_table(db_path, RELATION, suite_path)
    plain = runner.validate_frame(
        real_read(db_path, RELATION), runner.load_suite(suite_path), RELATION
    )
    read_as_categories = read[0]
    if kind != "expect_table_row_count_to_be_between":  # it reads one column, whichever
        named = {kwargs.get("column"), *kwargs.get("column_list", ())} - {None}
        assert named | ({"kind"} if conditioned else set()) == read_as_categories
    assert _answers(categorical) == _answers(plain)
    assert categorical.failing_row_count == plain.failing_row_count


def test_ordering_keeps_text_plain(tmp_path: Path) -> None:
    """An ordering comparison (between, a pair, a condition with < or >) keeps a column as text."""
    spec = runner.SuiteFile(
        tmp_path / "s.json",
        "s",
        {},
        [
            {
                "type": "expect_column_values_to_match_regex",
                "kwargs": {"column": "a", "regex": "x"},
            },
            {
                "type": "expect_column_values_to_be_between",
                "kwargs": {"column": "a", "min_value": "m"},
            },
            {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "b"}},
            {
                "type": "expect_column_values_to_not_be_null",
                "kwargs": {"column": "c", "row_condition": 'd > "k"', "condition_parser": "pandas"},
            },
            {
                "type": "expect_column_pair_values_a_to_be_greater_than_b",
                "kwargs": {"column_A": "e", "column_B": "f"},
            },
            {
                "type": "expect_column_values_to_be_in_set",
                "kwargs": {"column": "e", "value_set": []},
            },
        ],
    )
    assert runner.categorical_columns(spec) == {"b", "c"}


@pytest.mark.parametrize("name", ["marts.t", "warehouse.marts.t"])
def test_a_table_named_with_or_without_its_database_reads_as_categories(
    db_path: Path, name: str
) -> None:
    frame = runner.read_table(db_path, name, ["code", "n"], {"code"})
    assert frame["code"].dtype == "category" and frame["n"].dtype != "category"
    assert frame["code"].astype(object).where(frame["code"].notna(), None).tolist() == [
        row[0] for row in ROWS
    ]
