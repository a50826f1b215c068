"""Compare two published Frontline databases table by table.

    python scripts/compare_warehouses.py BEFORE.duckdb AFTER.duckdb
        [--schema marts] [--tolerance 1e-12]

For every table in the schema: the same columns with the same types, the same row count, and the
same rows. Rows are paired by sorting both tables on every column (doubles last, so a last-digit
difference cannot reorder rows that differ elsewhere), and doubles compare within the tolerance
(relative to the larger magnitude, absolute below 1). Prints one line per table and exits 1 on
any difference, so a refactoring can show that it changed no published figure.
"""

from __future__ import annotations

import argparse
import sys

import duckdb


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _columns(con: duckdb.DuckDBPyConnection, catalog: str, schema: str, table: str):
    return con.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_catalog = ? and table_schema = ? and table_name = ? order by ordinal_position",
        [catalog, schema, table],
    ).fetchall()


def _tables(con: duckdb.DuckDBPyConnection, catalog: str, schema: str) -> set[str]:
    rows = con.execute(
        "select table_name from information_schema.tables where table_catalog = ? "
        "and table_schema = ?",
        [catalog, schema],
    ).fetchall()
    return {r[0] for r in rows}


def compare_table(
    con: duckdb.DuckDBPyConnection, schema: str, table: str, tolerance: float
) -> str | None:
    """None when the table is the same in both databases, else what differs."""
    before = _columns(con, "before", schema, table)
    after = _columns(con, "after", schema, table)
    if before != after:
        return f"columns differ: {sorted(set(before) ^ set(after))}"
    doubles = [c for c, t in before if t in ("DOUBLE", "FLOAT", "REAL")]
    others = [c for c, _ in before if c not in doubles]
    order = ", ".join(_quote(c) for c in others + doubles) or "1"

    def numbered(catalog: str) -> str:
        relation = f"{catalog}.{_quote(schema)}.{_quote(table)}"
        return f"select row_number() over (order by {order}) as _n, * from {relation}"

    counts = con.execute(
        f"select (select count(*) from before.{_quote(schema)}.{_quote(table)}), "
        f"(select count(*) from after.{_quote(schema)}.{_quote(table)})"
    ).fetchone()
    if counts[0] != counts[1]:
        return f"row counts differ: {counts[0]} before, {counts[1]} after"
    tests = [f"b.{_quote(c)} is not distinct from a.{_quote(c)}" for c in others]
    tests += [
        f"(b.{q} is not distinct from a.{q} or abs(b.{q} - a.{q}) "
        f"<= {tolerance} * greatest(1, abs(b.{q}), abs(a.{q})))"
        for q in map(_quote, doubles)
    ]
    where = " and ".join(tests) or "true"
    differing = con.execute(
        f"select count(*) from ({numbered('before')}) as b join ({numbered('after')}) as a "
        f"using (_n) where not ({where})"
    ).fetchone()[0]
    if differing:
        return f"{differing} of {counts[0]} rows differ"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--schema", default="marts")
    parser.add_argument("--tolerance", type=float, default=1e-12)
    args = parser.parse_args(argv)
    con = duckdb.connect()
    con.execute(f"attach '{args.before}' as before (read_only)")
    con.execute(f"attach '{args.after}' as after (read_only)")
    before, after = _tables(con, "before", args.schema), _tables(con, "after", args.schema)
    failures = 0
    for table in sorted(before | after):
        if table not in after or table not in before:
            print(f"{table}: only in {'before' if table in before else 'after'}")
            failures += 1
            continue
        relation = f"before.{_quote(args.schema)}.{_quote(table)}"
        rows = con.execute(f"select count(*) from {relation}").fetchone()[0]
        problem = compare_table(con, args.schema, table, args.tolerance)
        print(f"{table}: {problem or 'identical'} ({rows:,} rows)")
        failures += problem is not None
    print(f"{len(before | after) - failures} of {len(before | after)} tables identical")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
