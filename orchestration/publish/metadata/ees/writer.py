"""Writing an EES data file and its metadata file, UTF-8 with a byte-order mark.

Each indicator is written as text rounded to its decimal places: the double is read as a decimal
of ten places, then rounded half away from zero (so 2.675 is 2.68, as a reader rounding the
printed value would), and printed with exactly that many places (``93.35348310434374`` with 1
place is ``93.4``); a NULL is the row's GSS symbol if it has one, else ``x``. Text cells a
spreadsheet would run as a formula are made inert as in the analytical CSVs (``csv_safety.py``).
Rows are unique per time, geography and filters (checked: a duplicate is a ``PublicationError``,
as EES refuses such a file) and ordered by every column.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import duckdb

from orchestration.publish.attachment import file_entry, write_file
from orchestration.publish.csv_safety import formula_cell_counts, neutralised_query
from orchestration.publish.metadata.ees.layout import (
    META_COLUMNS,
    NOT_AVAILABLE,
    EesFile,
    Indicator,
)
from orchestration.publish.model import PublicationError

BOM = b"\xef\xbb\xbf"
EES_DIR = "ees"
# the file's rows before rounding, computed once (a temporary table: never in the release database)
ROWS = "temp.main.ees_rows"
# decimal places a value may have: a CASE branch each (DuckDB rounds a decimal to a constant)
MAX_DP = 9


def rounded(indicator: Indicator) -> str:
    """The SQL of the indicator's text: rounded to ``<column>__dp`` places, or its symbol."""
    value, dp = indicator.column, f"{indicator.column}__dp"
    branches = " ".join(
        f"when {n} then cast(round(cast({value} as decimal(38, 10)), {n}) as varchar)"
        for n in range(MAX_DP + 1)
    )
    symbol = (
        f"coalesce({indicator.column}__symbol, '{NOT_AVAILABLE}')"
        if indicator.has_symbol
        else f"'{NOT_AVAILABLE}'"
    )
    return f"case when {value} is null then {symbol} else case {dp} {branches} end end"


def _decimal_places(con: duckdb.DuckDBPyConnection, spec: EesFile) -> dict[str, int]:
    """Per indicator, the most decimal places of its values in the file (its ``indicator_dp``);
    a value without decimal places, or with more than ``MAX_DP``, is refused."""
    parts = []
    for i in spec.indicators:
        c = i.column
        parts.append(f"coalesce(max({c}__dp) filter (where {c} is not null), 0)")
        parts.append(
            f"count(*) filter (where {c} is not null and ({c}__dp is null or {c}__dp < 0 "
            f"or {c}__dp > {MAX_DP}))"
        )
    row = con.execute(f"select {', '.join(parts)} from {ROWS}").fetchone()
    places = {}
    for n, indicator in enumerate(spec.indicators):
        top, bad = row[2 * n], row[2 * n + 1]
        if bad:
            raise PublicationError(
                f"ees/{spec.name}.csv: {bad} value(s) of {indicator.column} have no decimal "
                f"places between 0 and {MAX_DP} (marts.dim_indicator.decimal_places)"
            )
        places[indicator.column] = int(top)
    return places


def _check_unique(con: duckdb.DuckDBPyConnection, spec: EesFile) -> None:
    keys = [c for c in spec.columns if c not in {i.column for i in spec.indicators}]
    listed = ", ".join(keys)
    (duplicates,) = con.execute(
        f"select count(*) from (select {listed} from {ROWS} group by all having count(*) > 1)"
    ).fetchone()
    if duplicates:
        raise PublicationError(
            f"ees/{spec.name}.csv: {duplicates} combination(s) of time, geography and filters "
            "occur more than once"
        )


def data_query(con: duckdb.DuckDBPyConnection, spec: EesFile) -> tuple[str, list[str]]:
    """The query of the data file (columns in order, indicators as rounded text, formula cells
    inert, rows ordered) and the columns to quote (those holding a neutralised cell)."""
    indicators = {i.column: i for i in spec.indicators}
    selected = [f"{rounded(indicators[c])} as {c}" if c in indicators else c for c in spec.columns]
    relation = f"(select {', '.join(selected)} from {ROWS})"
    text = [c for c in spec.columns if c not in indicators]
    counts = formula_cell_counts(con, relation, text)
    quoted = [c for c, n in counts.items() if n]
    return neutralised_query(relation, spec.columns, quoted), quoted


def meta_rows(spec: EesFile, places: dict[str, int]) -> list[dict[str, str]]:
    """The ``.meta.csv`` rows: one per filter, then one per indicator."""
    rows = []
    for f in spec.filters:
        rows.append(
            {
                "col_name": f.column,
                "col_type": "Filter",
                "label": f.label,
                "filter_hint": f.hint,
                "filter_grouping_column": f.grouping_column,
            }
        )
    for i in spec.indicators:
        rows.append(
            {
                "col_name": i.column,
                "col_type": "Indicator",
                "label": i.label,
                "indicator_grouping": i.grouping,
                "indicator_unit": i.unit,
                "indicator_dp": str(places[i.column]),
            }
        )
    return [{column: row.get(column, "") for column in META_COLUMNS} for row in rows]


def _meta_csv(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=META_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return BOM + out.getvalue().encode("utf-8")


def _copy_with_bom(con: duckdb.DuckDBPyConnection, query: str, quoted: list[str], target: Path):
    """COPY the query to CSV (one thread: byte-for-byte repeatable), behind a byte-order mark."""
    unmarked = target.with_name(target.name + ".without-bom")
    force = f", FORCE_QUOTE ({', '.join(quoted)})" if quoted else ""
    path = "'" + str(unmarked).replace("'", "''") + "'"
    con.execute("SET threads = 1")
    try:
        con.execute(
            f"COPY ({query}) TO {path} "
            f"(FORMAT csv, HEADER true, DELIMITER ',', QUOTE '\"', NULLSTR ''{force})"
        )
        with unmarked.open("rb") as src, target.open("wb") as dst:
            dst.write(BOM)
            while chunk := src.read(1 << 20):
                dst.write(chunk)
    finally:
        con.execute("RESET threads")
        unmarked.unlink(missing_ok=True)


def write_ees_file(
    con: duckdb.DuckDBPyConnection, folder: Path, spec: EesFile
) -> list[dict[str, Any]]:
    """Write ``ees/<name>.csv`` and ``ees/<name>.meta.csv``; their listing entries."""
    con.execute(f"create or replace temporary table ees_rows as {spec.base_sql}")
    try:
        _check_unique(con, spec)
        places = _decimal_places(con, spec)
        query, quoted = data_query(con, spec)
        rel = f"{EES_DIR}/{spec.name}.csv"
        (folder / EES_DIR).mkdir(exist_ok=True)
        _copy_with_bom(con, query, quoted, folder / rel)
        (rows,) = con.execute(f"select count(*) from {ROWS}").fetchone()
    finally:
        con.execute(f"drop table if exists {ROWS}")
    fields = {"kind": "ees", "table": spec.mart, "ees_file": spec.name}
    return [
        file_entry(folder, rel, **fields, role="data", row_count=rows),
        write_file(
            folder,
            f"{EES_DIR}/{spec.name}.meta.csv",
            _meta_csv(meta_rows(spec, places)),
            **fields,
            role="metadata",
        ),
    ]
