"""What a published column is, in the terms of each open standard: its CSVW and Frictionless
datatype (from its DuckDB type), whether a value is required, and whether it holds GSS codes.

A column holds GSS codes (the Government Statistical Service's nine-character area codes, such as
``E23000013``) when its name ends in ``_code`` and every one of its non-NULL values has the GSS
shape (a letter E, W, S, N or K, then eight digits) and it has at least one: read from the data,
so ``area_code`` of a table that also lists British Transport Police (code ``BTP``) is not a GSS
column, while ``force_code`` of the report card is. Such columns get a ``valueUrl`` into the ONS
statistical geography register (``GSS_URI_TEMPLATE``) in their CSVW description.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import duckdb

from orchestration.publish.model import PublicationError

GSS_PATTERN = "[EWSNK][0-9]{8}"
GSS_URI_PREFIX = "http://statistics.data.gov.uk/id/statistical-geography/"
GSS_URI_TEMPLATE = GSS_URI_PREFIX + "{%s}"

# DuckDB type -> (CSVW datatype, Frictionless field type). Timestamps are written to the CSV as
# "2024-01-31 09:30:00" (fractions of a second when there are any), in UTC with "+00" for
# TIMESTAMP WITH TIME ZONE (export.py): CSVW gets that pattern (its processors accept the
# fractions too), Frictionless its "any" format (Python's %z wants minutes after the hours).
_TYPES: dict[str, tuple[Any, dict[str, Any]]] = {
    "VARCHAR": ("string", {"type": "string"}),
    "BOOLEAN": ("boolean", {"type": "boolean", "trueValues": ["true"], "falseValues": ["false"]}),
    "TINYINT": ("integer", {"type": "integer"}),
    "SMALLINT": ("integer", {"type": "integer"}),
    "INTEGER": ("integer", {"type": "integer"}),
    "BIGINT": ("integer", {"type": "integer"}),
    "HUGEINT": ("integer", {"type": "integer"}),
    "UTINYINT": ("integer", {"type": "integer"}),
    "USMALLINT": ("integer", {"type": "integer"}),
    "UINTEGER": ("integer", {"type": "integer"}),
    "UBIGINT": ("integer", {"type": "integer"}),
    "FLOAT": ("float", {"type": "number"}),
    "DOUBLE": ("double", {"type": "number"}),
    "DATE": ("date", {"type": "date"}),
    "TIMESTAMP": (
        {"base": "datetime", "format": "yyyy-MM-dd HH:mm:ss"},
        {"type": "datetime", "format": "any"},
    ),
    "TIMESTAMP WITH TIME ZONE": (
        {"base": "dateTimeStamp", "format": "yyyy-MM-dd HH:mm:ssX"},
        {"type": "datetime", "format": "any"},
    ),
}
_DECIMAL = re.compile(r"DECIMAL\(\d+,\d+\)")


def _types(duckdb_type: str, where: str) -> tuple[Any, dict[str, Any]]:
    if duckdb_type in _TYPES:
        return _TYPES[duckdb_type]
    if _DECIMAL.fullmatch(duckdb_type):
        return "decimal", {"type": "number"}
    raise PublicationError(
        f"{where}: DuckDB type {duckdb_type} has no CSVW or Frictionless datatype in "
        "orchestration/publish/metadata/columns.py"
    )


def csvw_datatype(duckdb_type: str, where: str = "column") -> Any:
    """The CSVW datatype (a built-in name, or a derived datatype with its format)."""
    return _types(duckdb_type, where)[0]


def frictionless_type(duckdb_type: str, where: str = "column") -> dict[str, Any]:
    """The Frictionless field's ``type`` (and ``format`` or boolean values where needed)."""
    return dict(_types(duckdb_type, where)[1])


def is_required(column: Mapping[str, Any], primary_key: Sequence[str]) -> bool:
    """A value is required when the column is NOT NULL, or is the primary key on its own (then
    dbt tests it ``unique`` and ``not_null``; a column of a combined key may be NULL, as
    ``unique_combination_of_columns`` allows)."""
    return not column["nullable"] or list(primary_key) == [column["name"]]


def gss_columns(
    con: duckdb.DuckDBPyConnection, relation_sql: str, columns: Sequence[Mapping[str, Any]]
) -> list[str]:
    """The columns of the relation that hold GSS codes (see the module docstring), in order."""
    candidates = [
        c["name"] for c in columns if c["type"] == "VARCHAR" and c["name"].endswith("_code")
    ]
    if not candidates:
        return []
    checks = ", ".join(
        f"count({_quote(name)}) > 0 and "
        f"count(*) filter (where not regexp_full_match({_quote(name)}, '{GSS_PATTERN}')) = 0"
        for name in candidates
    )
    row = con.execute(f"select {checks} from {relation_sql}").fetchone()
    return [name for name, is_gss in zip(candidates, row, strict=True) if is_gss]


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'
