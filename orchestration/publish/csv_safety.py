"""Spreadsheet formula injection: text cells a spreadsheet would run as a formula, made inert.

A CSV cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is evaluated by
Excel, LibreOffice and Google Sheets as a formula (``=HYPERLINK(...)``, ``+cmd|' /C calc'!A0``).
Following OWASP ("CSV Injection"), such a text cell is written with a single quote in front, inside
a quoted field: the spreadsheet then shows it as text. Only text (VARCHAR) columns are touched,
never numbers, and only in the CSV files: Parquet and the database keep the true value.

A cell that already starts with single quotes followed by one of those characters gets one more
quote too, so the rule can be undone exactly: a CSV cell that starts with ``'`` and whose rest
matches ``FORMULA_PATTERN`` was neutralised; drop that first quote to get the true value.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb

# RE2 (DuckDB's regexp_matches): any leading single quotes, then a character a spreadsheet reads
# as the start of a formula
FORMULA_PATTERN = r"^'*[=+\-@\t\r]"
TEXT_TYPE = "VARCHAR"

DIALECT_NOTE = {
    "formula_cells": (
        "a text (VARCHAR) cell that starts with = + - @, a tab or a carriage return (after any "
        "single quotes) is written with one more single quote in front (OWASP CSV injection); "
        "every non-NULL cell and the header of a column holding such a cell are quoted. "
        "Parquet and the database hold the true value; remove that one leading quote to "
        "recover it from the CSV. Counts per mart: csv_formula_cells_neutralised"
    ),
    "formula_pattern": FORMULA_PATTERN,
}


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _is_formula(column_sql: str) -> str:
    pattern = "'" + FORMULA_PATTERN.replace("'", "''") + "'"
    return f"regexp_matches({column_sql}, {pattern})"


def text_columns(columns: Sequence[dict[str, Any]]) -> list[str]:
    """The names of the text columns among ``columns`` (entries with ``name`` and ``type``)."""
    return [c["name"] for c in columns if c["type"] == TEXT_TYPE]


def formula_cell_counts(
    con: duckdb.DuckDBPyConnection, relation_sql: str, text: Sequence[str]
) -> dict[str, int]:
    """How many cells of each text column the CSV writer will neutralise."""
    if not text:
        return {}
    counts = ", ".join(f"count(*) filter (where {_is_formula(_quote(c))})" for c in text)
    row = con.execute(f"select {counts} from {relation_sql}").fetchone()
    return {name: int(n) for name, n in zip(text, row, strict=True)}


def neutralised_query(relation_sql: str, columns: Sequence[str], text: Sequence[str]) -> str:
    """Every column of the relation, the ``text`` columns made inert, rows in the order of
    ``ORDER BY ALL`` over the true values (so the CSV rows line up with the Parquet rows)."""
    alias = "src"
    selected = []
    for name in columns:
        ref = f"{alias}.{_quote(name)}"
        if name in text:
            ref = f"case when {_is_formula(ref)} then '''' || {ref} else {ref} end"
        selected.append(f"{ref} as {_quote(name)}")
    order = ", ".join(f"{alias}.{_quote(name)}" for name in columns)
    return f"select {', '.join(selected)} from {relation_sql} as {alias} order by {order}"
