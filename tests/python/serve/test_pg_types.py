"""DuckDB column types as PostgreSQL column types."""

from __future__ import annotations

import pytest

from orchestration.serve.pg_types import UnsupportedType, postgres_type


@pytest.mark.parametrize(
    ("duckdb_type", "expected"),
    [
        ("VARCHAR", "text"),
        ("DOUBLE", "double precision"),
        ("INTEGER", "integer"),
        ("BIGINT", "bigint"),
        ("DATE", "date"),
        ("TIMESTAMP", "timestamp"),
        ("TIMESTAMP WITH TIME ZONE", "timestamp with time zone"),
        ("BOOLEAN", "boolean"),
        ("DECIMAL(18,3)", "numeric(18,3)"),
        ("DECIMAL(38, 10)", "numeric(38,10)"),
        ("UBIGINT", "numeric(20,0)"),  # beyond bigint
        ("UINTEGER", "bigint"),
        ("HUGEINT", "numeric(39,0)"),
        ("VARCHAR(12)", "text"),
    ],
)
def test_maps_each_type_to_one_that_holds_its_values(duckdb_type, expected):
    assert postgres_type(duckdb_type) == expected


UNSUPPORTED = ["INTEGER[]", "STRUCT(a INTEGER)", "MAP(VARCHAR, INTEGER)", "TIMESTAMP_NS", "BLOB"]


@pytest.mark.parametrize("duckdb_type", UNSUPPORTED)
def test_refuses_a_type_it_cannot_hold_exactly(duckdb_type):
    with pytest.raises(UnsupportedType):
        postgres_type(duckdb_type)
