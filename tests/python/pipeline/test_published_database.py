"""The published database on the shipped data: every mart documented as its dbt YAML is, its
contract's primary and foreign keys declared where they can be, and readable by the oldest
DuckDB the release supports (DuckDB 1.1, in a throwaway environment of its own)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from orchestration.paths import PROJECT_DIR
from orchestration.publish.contract import mart_contracts
from orchestration.publish.export import OLDEST_READER, RELEASE_DB_STORAGE_VERSION
from orchestration.transform.assets import dbt_manifest

# what a client sees of the database: per table its rows, comment, columns (name, type, comment),
# primary key and foreign keys; run by the old DuckDB and by the project's, the same script must
# print the same
READ_DATABASE = """
import json, sys
import duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
tables = {}
for schema, table, comment in con.execute(
    "select schema_name, table_name, comment from duckdb_tables() order by all"
).fetchall():
    name = schema + "." + table
    (rows,) = con.execute(f'select count(*) from "{schema}"."{table}"').fetchone()
    columns = con.execute(
        "select column_name, data_type, comment from duckdb_columns() "
        "where schema_name = ? and table_name = ? order by column_index",
        [schema, table],
    ).fetchall()
    keys = con.execute(
        "select constraint_column_names from duckdb_constraints() "
        "where schema_name = ? and table_name = ? and constraint_type = 'PRIMARY KEY'",
        [schema, table],
    ).fetchall()
    foreign_keys = con.execute(
        "select constraint_column_names, referenced_table, referenced_column_names "
        "from duckdb_constraints() "
        "where schema_name = ? and table_name = ? and constraint_type = 'FOREIGN KEY' "
        "order by all",
        [schema, table],
    ).fetchall()
    tables[name] = {
        "rows": rows,
        "comment": comment,
        "columns": [list(c) for c in columns],
        "primary_key": [list(k) for (k,) in keys],
        "foreign_keys": [[list(c), t, list(r)] for c, t, r in foreign_keys],
    }
print(json.dumps({"duckdb": duckdb.__version__, "tables": tables}))
"""
# a venv per DuckDB version, kept between sessions: with uv's wheel cache it takes a second
CACHE = Path(os.environ.get("FRONTLINE_TEST_CACHE", Path(tempfile.gettempdir()) / "frontline-test"))


def _uv() -> str:
    uv = PROJECT_DIR / ".tools" / "bin" / "uv"
    found = str(uv) if uv.exists() else shutil.which("uv")
    assert found, "uv is needed (make tools installs it in .tools/bin)"
    return found


def old_duckdb_python(version: str) -> Path:
    """The Python of a throwaway venv holding only ``duckdb==version``, made once with uv."""
    python_version = f"{sys.version_info.major}.{sys.version_info.minor}"
    venv = CACHE / f"duckdb-{version}-py{python_version}"
    if not (venv / "ready").exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        # built aside and renamed, so a concurrent session never sees half a venv
        build = Path(tempfile.mkdtemp(prefix=f".{venv.name}-", dir=CACHE))
        run = {"check": True, "capture_output": True, "text": True}
        subprocess.run([_uv(), "venv", "--quiet", "--python", sys.executable, str(build)], **run)
        subprocess.run(
            [_uv(), "pip", "install", "--quiet", "--python", str(build / "bin" / "python")]
            + [f"duckdb=={version}"],
            **run,
        )
        (build / "ready").write_text(version)
        try:
            os.rename(build, venv)
        except OSError:  # another session finished first
            shutil.rmtree(build)
    return venv / "bin" / "python"


def read_database(python: Path | str, database: Path) -> dict:
    out = subprocess.run(
        [str(python), "-c", READ_DATABASE, str(database)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out)


def test_the_oldest_supported_duckdb_reads_the_published_database(published) -> None:
    started = time.monotonic()
    old_python = old_duckdb_python(OLDEST_READER)
    seen_by_old = read_database(old_python, published.published_db)
    seen_by_ours = read_database(sys.executable, published.published_db)

    assert seen_by_old["duckdb"] == OLDEST_READER
    assert seen_by_ours["duckdb"] == duckdb.__version__
    assert seen_by_old["tables"] == seen_by_ours["tables"]
    # and what they both see is the documented, keyed release
    tables = seen_by_old["tables"]
    assert tables["main.release"]["rows"] == 1
    assert tables["marts.rpt_indicator_comparison"]["primary_key"] == [
        ["comparison_type", "organisation_code", "period_key", "indicator_code", "peer_set_id"]
    ]
    assert [["period_key"], "dim_period", ["period_key"]] in tables[
        "marts.rpt_indicator_comparison"
    ]["foreign_keys"]
    assert all(t["comment"] for t in tables.values())
    # with uv's wheel cache warm (CI's second run on), reading twice and the venv take seconds
    print(f"old DuckDB {OLDEST_READER}: {time.monotonic() - started:.1f} s")


def test_every_mart_carries_its_dbt_descriptions(published_db) -> None:
    contracts = mart_contracts(dbt_manifest())
    tables = dict(
        published_db.execute(
            "select schema_name || '.' || table_name, comment from duckdb_tables() "
            "where schema_name = 'marts'"
        ).fetchall()
    )
    assert set(tables) == set(contracts)
    assert tables == {name: contract.description for name, contract in contracts.items()}
    columns = published_db.execute(
        "select schema_name || '.' || table_name, column_name, comment from duckdb_columns() "
        "where schema_name = 'marts'"
    ).fetchall()
    assert {(t, c): comment for t, c, comment in columns} == {
        (t, c): contracts[t].columns.get(c) or None for t, c, _ in columns
    }
    described = sum(1 for *_, comment in columns if comment)
    assert described == len(columns) > 400  # every column of every mart, as the YAML says


def test_contract_keys_are_declared_unless_a_key_column_holds_nulls(
    published, published_db
) -> None:
    contracts = mart_contracts(dbt_manifest())
    declared = dict(
        published_db.execute(
            "select schema_name || '.' || table_name, constraint_column_names "
            "from duckdb_constraints() where constraint_type = 'PRIMARY KEY' "
            "and schema_name = 'marts'"
        ).fetchall()
    )
    manifest = json.loads((published.releases_dir / "latest" / "manifest.json").read_text())
    database = manifest["database"]
    assert database["storage_compatibility_version"] == RELEASE_DB_STORAGE_VERSION
    entries = {e["table"]: e for e in database["tables"]}
    assert set(entries) == set(contracts)

    left_out = {}
    for table, contract in contracts.items():
        assert contract.primary_key, table  # every mart has a key test
        nulls = {
            column: published_db.execute(
                f'select count(*) from {table} where "{column}" is null'
            ).fetchone()[0]
            for column in contract.primary_key
        }
        if any(nulls.values()):
            left_out[table] = nulls
            assert table not in declared
            assert entries[table]["primary_key"] == []
            reason = entries[table]["primary_key_not_declared"]["reason"]
            for column, n in nulls.items():
                assert (f"{column} {n:,}" in reason) == bool(n), (table, reason)
        else:
            assert declared[table] == list(contract.primary_key)
            assert entries[table]["primary_key"] == list(contract.primary_key)
    # a value is an area's or an organisation's, so one of its two codes is NULL; a street crime
    # without a location has no LSOA; an organisation serving an area may have no comparison
    assert sorted(left_out) == [
        "marts.fct_indicator_value",
        "marts.fct_police_uk_street_crime_monthly",
        "marts.rpt_area_use_of_resources",
    ]
    assert len(declared) == len(contracts) - 3


def test_contract_foreign_keys_are_declared_and_hold(published, published_db) -> None:
    contracts = mart_contracts(dbt_manifest())
    declared = {
        (f"{schema}.{table}", tuple(columns), f"{schema}.{referenced}", tuple(referenced_columns))
        for schema, table, columns, referenced, referenced_columns in published_db.execute(
            "select schema_name, table_name, constraint_column_names, referenced_table, "
            "referenced_column_names from duckdb_constraints() "
            "where constraint_type = 'FOREIGN KEY'"
        ).fetchall()
    }
    manifest = json.loads((published.releases_dir / "latest" / "manifest.json").read_text())
    entries = {e["table"]: e for e in manifest["database"]["tables"]}
    left_out = set()
    for table, contract in contracts.items():
        listed = {
            (tuple(fk["columns"]), fk["references"])
            for fk in entries[table].get("foreign_keys", [])
        }
        for fk in contract.foreign_keys:
            key = (table, fk.columns, fk.references, fk.referenced_columns)
            if fk.references == table:  # a key into the table itself is never declared
                assert key not in declared
                left_out.add((table, fk.columns))
                continue
            assert key in declared, key
            assert (fk.columns, fk.references) in listed
            # the key holds: counted here, apart from DuckDB's own check
            (column,), (referenced,) = fk.columns, fk.referenced_columns
            (orphans,) = published_db.execute(
                f"select count(*) from {table} as t where t.{column} is not null and not exists "
                f"(select 1 from {fk.references} as r where r.{referenced} = t.{column})"
            ).fetchone()
            assert orphans == 0, key
    assert left_out == {
        ("marts.dim_geography", ("current_geography_code",)),
        ("marts.dim_geography", ("parent_geography_code",)),
    }
    reasons = [e["reason"] for e in entries["marts.dim_geography"]["foreign_keys_not_declared"]]
    assert len(reasons) == 2 and all("table itself" in r for r in reasons)
    # every mart naming a period, an organisation, an indicator or an area points at its dimension
    referencing = {(t, c[0]) for t, c, *_ in declared}
    for expected in [
        ("marts.fct_indicator_value", "period_key"),
        ("marts.rpt_indicator_comparison", "organisation_code"),
        ("marts.rpt_mentoring_pairs", "mentor_code"),
        ("marts.rpt_value_for_money", "outcome_indicator_code"),
        ("marts.rpt_police_report_card", "force_code"),
        ("marts.rpt_area_use_of_resources", "area_code"),
    ]:
        assert expected in referencing, expected
    print(f"foreign keys declared: {len(declared)}")
    assert len(declared) >= 50
