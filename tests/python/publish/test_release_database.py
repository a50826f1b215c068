"""The release database: the marts with their dbt descriptions as comments and their contract
keys as primary and foreign keys, in a storage format DuckDB 1.x opens; and the CSVs'
byte-order mark."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import duckdb
import pytest

from orchestration.paths import FrontlinePaths
from orchestration.publish import PublicationError, publish_release
from orchestration.publish.contract import ForeignKey, MartContract
from orchestration.publish.export import (
    OLDEST_READER,
    RELEASE_TABLE,
    copy_marts,
    parse_marts,
    staging_database,
)

from .conftest import MARTS, SOURCES, passing_check

FACT, DIM = "marts.fct_indicator_value", "marts.dim_organisation"
CONTRACTS = {
    FACT: MartContract(
        table=FACT,
        description="One value per organisation, period and indicator.",
        columns={
            "organisation_code": "The organisation's GSS code.",
            "period": "The period, 'YYYY-MM'.",
            "indicator_code": "The indicator.",
            "value": "The value; NULL where it was suppressed.",
            "status": "Why a value is missing.",
            "numerator": "",  # undocumented: no comment
        },
        primary_key=("organisation_code", "period", "indicator_code"),
    ),
    DIM: MartContract(
        table=DIM,
        description="Organisations: the force's 'own' name.",
        columns={"organisation_code": "The code.", "name": "The name it's known by."},
        primary_key=("organisation_code",),
    ),
}
BOM = b"\xef\xbb\xbf"
MART_TYPES = (
    "select table_name, column_name, data_type from duckdb_columns() "
    "where schema_name = 'marts' order by all"
)


def _table_comments(con: duckdb.DuckDBPyConnection) -> dict[str, str | None]:
    rows = con.execute("select schema_name || '.' || table_name, comment from duckdb_tables()")
    return dict(rows.fetchall())


def _column_comments(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], str | None]:
    rows = con.execute(
        "select schema_name || '.' || table_name, column_name, comment from duckdb_columns() "
        "where not internal"
    ).fetchall()
    return {(table, column): comment for table, column, comment in rows}


def _primary_keys(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    rows = con.execute(
        "select schema_name || '.' || table_name, constraint_column_names "
        "from duckdb_constraints() where constraint_type = 'PRIMARY KEY'"
    ).fetchall()
    return dict(rows)


def test_the_release_database_carries_comments_and_keys(paths: FrontlinePaths) -> None:
    release = publish_release(paths, MARTS, [passing_check()], SOURCES, contracts=CONTRACTS)

    with duckdb.connect(str(release.folder / "frontline.duckdb"), read_only=True) as con:
        assert _table_comments(con) == {
            FACT: CONTRACTS[FACT].description,
            DIM: CONTRACTS[DIM].description,
            "main.release": RELEASE_TABLE.description,
        }
        columns = _column_comments(con)
        assert columns == {
            **{(FACT, c): d or None for c, d in CONTRACTS[FACT].columns.items()},
            # valid_from is not in the contract: no comment
            (DIM, "organisation_code"): "The code.",
            (DIM, "name"): "The name it's known by.",
            (DIM, "valid_from"): None,
            **{("main.release", c): d for c, d in RELEASE_TABLE.columns.items()},
        }
        assert _primary_keys(con) == {
            FACT: ["organisation_code", "period", "indicator_code"],
            DIM: ["organisation_code"],
        }
        published = {t: con.execute(f"select * from {t}").fetchall() for t in (FACT, DIM)}
        types = con.execute(MART_TYPES).fetchall()

    with duckdb.connect(str(paths.working_db), read_only=True) as working:
        # the same rows, stored in order of all columns, and the same column types
        for table, rows in published.items():
            assert rows == working.execute(f"select * from {table} order by all").fetchall()
        assert types == working.execute(MART_TYPES).fetchall()

    database = json.loads((release.folder / "manifest.json").read_text())["database"]
    assert database["storage_compatibility_version"] == "v1.1.0"
    assert database["oldest_duckdb"] == OLDEST_READER
    assert database["tables"] == [
        {"table": FACT, "primary_key": ["organisation_code", "period", "indicator_code"],
         "comments": 1 + 5},
        {"table": DIM, "primary_key": ["organisation_code"], "comments": 1 + 2},
    ]  # fmt: skip


def test_the_release_database_is_in_duckdb_1_1s_storage_format(paths: FrontlinePaths) -> None:
    release = publish_release(paths, MARTS, [passing_check()], SOURCES, contracts=CONTRACTS)
    path = release.folder / "frontline.duckdb"
    # DuckDB's main header: checksum, b"DUCK", then the storage format number; 1.1 to 1.4
    # read 64 to 67 ("version number" errors quote it), DuckDB 2.0 writes a newer one by default
    header = path.read_bytes()[:20]
    assert header[8:12] == b"DUCK"
    assert struct.unpack("<Q", header[12:20])[0] == 64
    with duckdb.connect(str(path), read_only=True) as con:
        (tags,) = con.execute(
            "select tags from duckdb_databases() where database_name = 'frontline'"
        ).fetchone()
    assert tags == {"storage_version": "v1.0.0+"}


def _working(path: Path, rows: str) -> None:
    """A working database with one mart, marts.fct (organisation, geography, value)."""
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        con.execute("create table marts.fct (organisation varchar, geography varchar, value int)")
        con.execute(f"insert into marts.fct values {rows}")


FCT_CONTRACT = {
    "marts.fct": MartContract(
        table="marts.fct",
        description="Values per organisation and geography.",
        columns={"organisation": "Who.", "geography": "Where; NULL for a national value."},
        primary_key=("organisation", "geography"),
    )
}


def test_a_key_column_holding_nulls_is_left_out_and_the_manifest_says_why(tmp_path: Path) -> None:
    _working(tmp_path / "working.duckdb", "('b', null, 2), ('a', 'E1', 1), ('a', null, 3)")
    release_db = tmp_path / "release.duckdb"
    with staging_database(release_db, tmp_path / "working.duckdb") as con:
        entries = copy_marts(con, parse_marts(["marts.fct"]), FCT_CONTRACT)
    assert entries == [
        {
            "table": "marts.fct",
            "primary_key": [],
            "comments": 3,
            "primary_key_not_declared": {
                "contract_key": ["organisation", "geography"],
                "reason": "a primary key column cannot hold NULL; NULLs per key column: "
                "geography 2",
            },
        }
    ]
    with duckdb.connect(str(release_db), read_only=True) as con:
        assert _primary_keys(con) == {}
        assert con.execute("select * from marts.fct").fetchall() == [
            ("a", "E1", 1),
            ("a", None, 3),
            ("b", None, 2),
        ]
        assert _table_comments(con) == {"marts.fct": "Values per organisation and geography."}


def test_rows_breaking_a_declared_key_are_refused(tmp_path: Path) -> None:
    _working(tmp_path / "dup.duckdb", "('a', 'E1', 1), ('a', 'E1', 2)")
    with staging_database(tmp_path / "dup-release.duckdb", tmp_path / "dup.duckdb") as con:
        with pytest.raises(PublicationError, match=r"marts\.fct: rows break its primary key"):
            copy_marts(con, parse_marts(["marts.fct"]), FCT_CONTRACT)

    # in a release database, the key refuses a second row with the same key
    _working(tmp_path / "ok.duckdb", "('a', 'E1', 1), ('b', 'E1', 2)")
    release_db = tmp_path / "ok-release.duckdb"
    with staging_database(release_db, tmp_path / "ok.duckdb") as con:
        assert copy_marts(con, parse_marts(["marts.fct"]), FCT_CONTRACT)[0]["primary_key"] == [
            "organisation",
            "geography",
        ]
    with duckdb.connect(str(release_db)) as con:
        with pytest.raises(duckdb.ConstraintException, match="primary key"):
            con.execute("insert into marts.fct values ('b', 'E1', 3)")


def test_a_mart_without_a_contract_is_copied_without_comments_or_key(tmp_path: Path) -> None:
    _working(tmp_path / "working.duckdb", "('a', 'E1', 1)")
    release_db = tmp_path / "release.duckdb"
    with staging_database(release_db, tmp_path / "working.duckdb") as con:
        entries = copy_marts(con, parse_marts(["marts.fct"]), {})
    assert entries == [{"table": "marts.fct", "primary_key": [], "comments": 0}]
    with duckdb.connect(str(release_db), read_only=True) as con:
        assert _primary_keys(con) == {}
        assert _table_comments(con) == {"marts.fct": None}


def test_every_csv_is_duckdbs_csv_behind_one_byte_order_mark(paths: FrontlinePaths) -> None:
    release = publish_release(paths, MARTS, [passing_check()], SOURCES)
    manifest = json.loads((release.folder / "manifest.json").read_text())
    assert manifest["csv_dialect"]["encoding"] == "utf-8"
    assert manifest["csv_dialect"]["bom"] is True

    csvs = [f["path"] for m in manifest["marts"] for f in m["files"] if f["format"] == "csv"]
    assert sorted(csvs) == ["csv/dim_organisation.csv", "csv/fct_indicator_value.csv"]
    # nothing but the listed files is left in the folder (no unmarked copy)
    assert sorted(p.name for p in (release.folder / "csv").iterdir()) == [
        "dim_organisation.csv",
        "fct_indicator_value.csv",
    ]
    with duckdb.connect(str(paths.working_db), read_only=True) as con:
        for rel in csvs:
            table = "marts." + Path(rel).stem
            plain = paths.home / f"{Path(rel).stem}-plain.csv"
            con.execute(
                f"COPY (select * from {table} order by all) TO '{plain}' "
                "(FORMAT csv, HEADER true, DELIMITER ',', QUOTE '\"', NULLSTR '')"
            )
            written = (release.folder / rel).read_bytes()
            assert written == BOM + plain.read_bytes()
            assert not written[len(BOM) :].startswith(BOM)
            # a reader that knows the mark sees the header's first column unchanged
            assert written.decode("utf-8-sig").split(",")[0] == "organisation_code"


DIM_CONTRACT = MartContract(table="marts.dim", description="Organisations.", primary_key=("code",))


def _fct_contract(*foreign_keys: ForeignKey) -> MartContract:
    return MartContract(
        table="marts.fct",
        description="Values per organisation.",
        primary_key=("code", "period"),
        foreign_keys=foreign_keys,
    )


def _working_pair(path: Path, fct_rows: str) -> None:
    """marts.dim (code, parent) and marts.fct (code, period, value)."""
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        con.execute("create table marts.dim (code varchar, parent varchar)")
        con.execute("insert into marts.dim values ('b', 'a'), ('a', null)")
        con.execute("create table marts.fct (code varchar, period varchar, value int)")
        con.execute(f"insert into marts.fct values {fct_rows}")


def _foreign_keys(con: duckdb.DuckDBPyConnection) -> list[tuple[str, list[str], str, list]]:
    return con.execute(
        "select table_name, constraint_column_names, referenced_table, referenced_column_names "
        "from duckdb_constraints() where constraint_type = 'FOREIGN KEY' order by all"
    ).fetchall()


def test_foreign_keys_are_declared_with_the_referenced_table_copied_first(tmp_path: Path) -> None:
    _working_pair(tmp_path / "working.duckdb", "('a', '2019', 1), ('b', '2019', 2)")
    fk = ForeignKey(("code",), "marts.dim", ("code",))
    contracts = {"marts.fct": _fct_contract(fk), "marts.dim": DIM_CONTRACT}
    release_db = tmp_path / "release.duckdb"
    with staging_database(release_db, tmp_path / "working.duckdb") as con:
        # the fact is listed first: the dimension it references is still created before it
        entries = copy_marts(con, parse_marts(["marts.fct", "marts.dim"]), contracts)
    assert [e["table"] for e in entries] == ["marts.fct", "marts.dim"]
    assert entries[0]["foreign_keys"] == [
        {"columns": ["code"], "references": "marts.dim", "referenced_columns": ["code"]}
    ]
    assert "foreign_keys" not in entries[1]
    with duckdb.connect(str(release_db)) as con:
        assert _foreign_keys(con) == [("fct", ["code"], "dim", ["code"])]
        with pytest.raises(duckdb.ConstraintException, match="foreign key"):
            con.execute("insert into marts.fct values ('z', '2020', 3)")


def test_rows_breaking_a_foreign_key_are_refused(tmp_path: Path) -> None:
    _working_pair(tmp_path / "working.duckdb", "('a', '2019', 1), ('z', '2019', 2)")
    fk = ForeignKey(("code",), "marts.dim", ("code",))
    contracts = {"marts.fct": _fct_contract(fk), "marts.dim": DIM_CONTRACT}
    with staging_database(tmp_path / "release.duckdb", tmp_path / "working.duckdb") as con:
        with pytest.raises(
            PublicationError,
            match=r"marts\.fct: rows break its .*foreign key \(code\) -> marts\.dim",
        ):
            copy_marts(con, parse_marts(["marts.dim", "marts.fct"]), contracts)


def test_foreign_keys_duckdb_cannot_hold_are_left_out_with_the_reason(tmp_path: Path) -> None:
    _working_pair(tmp_path / "working.duckdb", "('a', '2019', 1)")
    into_itself = ForeignKey(("parent",), "marts.dim", ("code",))
    not_published = ForeignKey(("code",), "marts.elsewhere", ("code",))
    not_the_key = ForeignKey(("period",), "marts.dim", ("parent",))
    contracts = {
        "marts.dim": MartContract(
            table="marts.dim",
            description="Organisations.",
            primary_key=("code",),
            foreign_keys=(into_itself,),
        ),
        "marts.fct": _fct_contract(not_published, not_the_key),
    }
    release_db = tmp_path / "release.duckdb"
    with staging_database(release_db, tmp_path / "working.duckdb") as con:
        dim, fct = copy_marts(con, parse_marts(["marts.dim", "marts.fct"]), contracts)
    assert [(e["columns"], e["reason"]) for e in dim["foreign_keys_not_declared"]] == [
        (["parent"], "a key into the table itself: DuckDB checks it row by row against the rows "
         "already inserted, so a row before the one it names would be refused"),
    ]  # fmt: skip
    assert [(e["references"], e["reason"]) for e in fct["foreign_keys_not_declared"]] == [
        ("marts.elsewhere", "marts.elsewhere is not in this release database"),
        ("marts.dim", "DuckDB needs the referenced columns to be marts.dim's primary key "
         "(declared: code)"),
    ]  # fmt: skip
    with duckdb.connect(str(release_db), read_only=True) as con:
        assert _foreign_keys(con) == []
