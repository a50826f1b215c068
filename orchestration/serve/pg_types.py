"""DuckDB column types as PostgreSQL column types.

Each DuckDB type maps to the PostgreSQL type that holds every one of its values exactly and reads
DuckDB's CSV text of them (see ``copy_stream.py``). Unsigned integers take the next wider signed
type; ``UBIGINT`` and ``HUGEINT`` need ``numeric``. A type with no faithful PostgreSQL column
(lists, structs, maps, unions) is refused by name rather than flattened into text.
"""

from __future__ import annotations

import re

SIMPLE = {
    "BOOLEAN": "boolean",
    "TINYINT": "smallint",
    "SMALLINT": "smallint",
    "INTEGER": "integer",
    "BIGINT": "bigint",
    "HUGEINT": "numeric(39,0)",
    "UTINYINT": "smallint",
    "USMALLINT": "integer",
    "UINTEGER": "bigint",
    "UBIGINT": "numeric(20,0)",
    "UHUGEINT": "numeric(39,0)",
    "FLOAT": "real",
    "DOUBLE": "double precision",
    "VARCHAR": "text",
    "DATE": "date",
    "TIME": "time",
    "TIMESTAMP": "timestamp",
    "TIMESTAMP WITH TIME ZONE": "timestamp with time zone",
    "TIMESTAMP_S": "timestamp",
    "TIMESTAMP_MS": "timestamp",
    "INTERVAL": "interval",
    "UUID": "uuid",
}
DECIMAL = re.compile(r"DECIMAL\((\d+),(\d+)\)")
VARCHAR_N = re.compile(r"VARCHAR\(\d+\)")


class UnsupportedType(ValueError):
    """A DuckDB column type with no faithful PostgreSQL column."""


def postgres_type(duckdb_type: str) -> str:
    """The PostgreSQL type for a DuckDB ``data_type`` as ``duckdb_columns()`` spells it."""
    spelled = duckdb_type.strip().upper()
    if spelled in SIMPLE:
        return SIMPLE[spelled]
    if decimal := DECIMAL.fullmatch(spelled.replace(" ", "")):
        return f"numeric({decimal.group(1)},{decimal.group(2)})"
    if VARCHAR_N.fullmatch(spelled):  # DuckDB keeps no length limit; neither does text
        return "text"
    raise UnsupportedType(duckdb_type)
