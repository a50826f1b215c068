"""The first rows a failed dbt test returns, and the source rows behind them.

A dbt test's compiled query returns exactly its failing rows, so re-running it with a LIMIT against
the working database (read-only, after dbt has exited) shows them. Where the rows carry lineage
columns (source_file, source_sheet, source_row_number: most staging and many later models do), they
name the file, sheet and row a person should open. dbt's own generic tests return only the tested
column (not_null), or the column's value under another name with a count (unique, accepted_values,
relationships) or the key columns with a count (unique_combination_of_columns); their rows are
traced back to the tested model's rows, whose lineage columns name the source.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import duckdb

SAMPLE_ROWS = 5
LINEAGE_COLUMNS = ("source_file", "source_sheet", "source_row_number")
# The column dbt's generic tests return the tested column's value under.
_RENAMED_VALUE_COLUMNS = ("unique_field", "value_field", "from_field")
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class SourceRow:
    """Where a failing row came from: a file under the data folder, its sheet (workbooks only)
    and its row number as a spreadsheet program shows it."""

    file: str
    sheet: str | None
    row: int | None

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "sheet": self.sheet, "row": self.row}


@dataclass(frozen=True)
class FailingRows:
    """The first failing rows of a test (column names, values) and the source rows behind them."""

    columns: list[str]
    rows: list[dict[str, Any]]
    sources: list[SourceRow]


def failing_rows(
    con: duckdb.DuckDBPyConnection,
    compiled_sql: str,
    tested_relation: str | None = None,
    tested_column: str | None = None,
    limit: int = SAMPLE_ROWS,
) -> FailingRows:
    """The first ``limit`` rows ``compiled_sql`` returns, and their source rows: from the rows'
    own lineage columns, else by matching them to the rows of ``tested_relation`` (the model a
    generic test tests; ``tested_column`` its column) that carry lineage columns."""
    cursor = con.execute(f"select * from ({compiled_sql}\n) as failing limit {int(limit)}")
    columns = [description[0] for description in cursor.description]
    rows = [dict(zip(columns, values, strict=True)) for values in cursor.fetchall()]
    if not rows:
        return FailingRows(columns, rows, [])
    if "source_file" in columns:
        return FailingRows(columns, rows, _distinct_sources(rows))
    if tested_relation is None:
        return FailingRows(columns, rows, [])
    return FailingRows(
        columns,
        rows,
        _traced_sources(con, compiled_sql, columns, tested_relation, tested_column, limit),
    )


def _traced_sources(
    con: duckdb.DuckDBPyConnection,
    compiled_sql: str,
    failing_columns: Sequence[str],
    tested_relation: str,
    tested_column: str | None,
    limit: int,
) -> list[SourceRow]:
    """The tested model's rows that match the failing rows on the columns they share."""
    model_columns = [row[0] for row in con.execute(f"describe {tested_relation}").fetchall()]
    if "source_file" not in model_columns:
        return []
    pairs = [(c, c) for c in failing_columns if c in model_columns and c not in LINEAGE_COLUMNS]
    if not pairs and tested_column in model_columns and _IDENTIFIER.match(tested_column or ""):
        renamed = next((c for c in failing_columns if c in _RENAMED_VALUE_COLUMNS), None)
        if renamed is not None:
            pairs = [(tested_column, renamed)]
    if not pairs:
        return []
    matches = " and ".join(
        f'tested."{model}" is not distinct from failing."{failing}"' for model, failing in pairs
    )
    lineage = [c for c in LINEAGE_COLUMNS if c in model_columns]
    select = ", ".join(f'tested."{c}"' for c in lineage)
    query = f"""
        with failing as (select * from ({compiled_sql}\n) as failing limit {int(limit)})
        select distinct {select}
        from {tested_relation} as tested
        where exists (select 1 from failing where {matches})
        order by all
        limit {int(limit)}
    """
    cursor = con.execute(query)
    names = [description[0] for description in cursor.description]
    return _distinct_sources(
        [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
    )


def _distinct_sources(rows: Sequence[Mapping[str, Any]]) -> list[SourceRow]:
    found: list[SourceRow] = []
    for row in rows:
        if row.get("source_file") is None:
            continue
        number = row.get("source_row_number")
        source = SourceRow(
            file=str(row["source_file"]),
            sheet=None if row.get("source_sheet") is None else str(row["source_sheet"]),
            row=None if number is None else int(number),
        )
        if source not in found:
            found.append(source)
    return found
