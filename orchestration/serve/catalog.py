"""What a release database declares of its tables: columns and types, comments, primary keys.

The published database (``publish/export.py``) holds every mart as ``marts.<table>``, each with
the dbt descriptions as comments and its contract's primary key where it has one, and
``main.release``, the one row naming the release. All of it is read from DuckDB's own catalog
(``duckdb_tables()``, ``duckdb_columns()``, ``duckdb_constraints()``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from orchestration.serve.pg_types import UnsupportedType, postgres_type

if TYPE_CHECKING:
    import duckdb

MARTS = "marts"
RELEASE = ("main", "release")
# columns the BI tools and documented queries filter on; each gets an index where a table has it
FILTER_COLUMNS = ("indicator_code", "period_key", "organisation_code", "geography_code")


@dataclass(frozen=True)
class Column:
    name: str
    duckdb_type: str
    postgres_type: str
    nullable: bool
    comment: str | None


@dataclass(frozen=True)
class Table:
    """One table of the release database; ``name`` is what it is called in PostgreSQL."""

    duckdb_schema: str
    duckdb_name: str
    name: str
    comment: str | None
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]

    @property
    def duckdb_sql(self) -> str:
        return f'"{self.duckdb_schema}"."{self.duckdb_name}"'

    @property
    def filter_columns(self) -> tuple[str, ...]:
        """The filter columns to index: the primary key's index already serves its first."""
        names = {column.name for column in self.columns}
        covered = self.primary_key[:1]
        return tuple(name for name in FILTER_COLUMNS if name in names and name not in covered)


def release_tables(duck: duckdb.DuckDBPyConnection, release_table: str) -> list[Table]:
    """Every mart, by name, then ``main.release`` under the name ``release_table``."""
    listed = duck.execute(
        "select schema_name, table_name, comment from duckdb_tables() "
        "where schema_name = ? or (schema_name = ? and table_name = ?) "
        "order by schema_name = ?, table_name",
        [MARTS, *RELEASE, RELEASE[0]],
    ).fetchall()
    names = [name for schema, name, _ in listed if schema == MARTS]
    if release_table in names:
        raise ValueError(f"a mart is named {release_table!r}, the name of the release table")
    if (RELEASE[0], RELEASE[1]) not in {(schema, name) for schema, name, _ in listed}:
        raise ValueError("the database has no main.release table: it is not a Frontline release")
    return [
        Table(
            duckdb_schema=schema,
            duckdb_name=name,
            name=name if schema == MARTS else release_table,
            comment=comment,
            columns=_columns(duck, schema, name),
            primary_key=_primary_key(duck, schema, name),
        )
        for schema, name, comment in listed
    ]


def _columns(duck: duckdb.DuckDBPyConnection, schema: str, table: str) -> tuple[Column, ...]:
    rows = duck.execute(
        "select column_name, data_type, is_nullable, comment from duckdb_columns() "
        "where schema_name = ? and table_name = ? order by column_index",
        [schema, table],
    ).fetchall()
    columns = []
    for name, data_type, nullable, comment in rows:
        try:
            mapped = postgres_type(data_type)
        except UnsupportedType:
            raise UnsupportedType(
                f"{schema}.{table}.{name} is {data_type}, which has no PostgreSQL column type "
                "here (see orchestration/serve/pg_types.py)"
            ) from None
        columns.append(Column(name, data_type, mapped, bool(nullable), comment))
    return tuple(columns)


def _primary_key(duck: duckdb.DuckDBPyConnection, schema: str, table: str) -> tuple[str, ...]:
    row = duck.execute(
        "select constraint_column_names from duckdb_constraints() "
        "where schema_name = ? and table_name = ? and constraint_type = 'PRIMARY KEY'",
        [schema, table],
    ).fetchone()
    return tuple(row[0]) if row else ()
