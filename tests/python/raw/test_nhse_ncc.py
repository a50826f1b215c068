"""National Cost Collection loaders: the national schedule as shipped, the trust-level layout,
and the optional, synthetic-aware landing of trust-level files."""

from __future__ import annotations

import json
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from orchestration.raw.assets import raw_assets
from orchestration.raw.catalog import SOURCES_BY_NAME
from orchestration.raw.landing.land import ensure_empty_table, forget_missing_files, land_file
from orchestration.raw.landing.shape import ShapeError
from orchestration.raw.parsers import nhse_ncc
from orchestration.resources import WarehouseResource

from .conftest import DEFAULT_DATA_DIR

NATIONAL = SOURCES_BY_NAME["nhse_ncc_national_schedule"]
TRUSTS = SOURCES_BY_NAME["nhse_ncc_trust_schedules"]
NATIONAL_FILE = DEFAULT_DATA_DIR / "health/ncc_2023_24_national_schedule_by_service_currency.csv"
HEADER = ",".join(nhse_ncc.TRUST_SCHEDULE_HEADER)


def write_trust_file(folder: Path, name: str, *rows: str, header: str = HEADER) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_national_schedule_as_published() -> None:
    parsed = NATIONAL.parser(NATIONAL_FILE)
    assert parsed.rejects.empty
    assert len(parsed.rows) == 11303
    assert list(parsed.rows.columns) == [
        "service_code",
        "dept_or_currency_code",
        "dept_or_currency_desc",
        "activity",
        "unit_cost",
        "cost",
        "_row_number",
    ]
    # line 2 of the file (after the BOM and header): Ambulance,01 , Hear & Treat,1147817,
    # 65.5602,75251062.92 - the code keeps its trailing space, the description its leading one
    first = parsed.rows.iloc[0]
    assert (
        first["service_code"],
        first["dept_or_currency_code"],
        first["dept_or_currency_desc"],
        first["activity"],
        first["unit_cost"],
        first["cost"],
        first["_row_number"],
    ) == ("Ambulance", "01 ", " Hear & Treat", "1147817", "65.5602", "75251062.92", 2)
    # the row whose cost / activity is furthest from the printed unit cost (read by hand):
    # Non-Elective Inpatient - Short Stay, ED07Z, activity 14, unit cost 79486.2523,
    # cost 1112807.533
    ed07z = parsed.rows[
        (parsed.rows["dept_or_currency_code"] == "ED07Z ")
        & (parsed.rows["service_code"] == "Non-Elective Inpatient - Short Stay")
    ].iloc[0]
    assert (ed07z["activity"], ed07z["unit_cost"], ed07z["cost"]) == (
        "14",
        "79486.2523",
        "1112807.533",
    )


def test_national_schedule_with_a_renamed_column_is_a_one_line_shape_error(
    tmp_path: Path,
) -> None:
    path = tmp_path / "ncc.csv"
    path.write_text(
        "Service Code,Currency Code,Dept or Currency Desc,Activity,Unit cost,Cost\n"
        "Ambulance,01 , Hear & Treat,1147817,65.5602,75251062.92\n",
        encoding="utf-8",
    )
    with pytest.raises(ShapeError) as raised:
        NATIONAL.parser(path)
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith("ncc.csv: header mismatch")
    assert "missing ['Dept or Currency Code']" in message


def test_trust_schedule_rows_with_year_and_synthetic_flag(tmp_path: Path) -> None:
    path = write_trust_file(
        tmp_path,
        "ncc_2023_24_RXX.csv",
        'RXX,Daycase,FZ12T,"Minor Procedures, Lower GI",10,500.1234,5001.23',
        ",Daycase,FZ13C,No organisation,3,10,30",
    )
    parsed = TRUSTS.parser(path)
    assert tuple(parsed.rows.columns[:-1]) == nhse_ncc.TRUST_SCHEDULE_COLUMNS
    row = parsed.rows.iloc[0]
    assert (row["organisation_code"], row["currency_description"], row["total_cost"]) == (
        "RXX",
        "Minor Procedures, Lower GI",
        "5001.23",
    )
    assert (row["financial_year"], row["synthetic_file"], row["_row_number"]) == (
        "2023-24",
        "false",
        2,
    )
    reject = parsed.rejects.iloc[0]
    assert (reject["row_number"], reject["reason"]) == (3, "organisation_code is empty")

    path.with_name(path.name + ".synthetic.json").write_text("{}")
    assert TRUSTS.parser(path).rows.iloc[0]["synthetic_file"] == "true"


@pytest.mark.parametrize("name", ["costs.csv", "ncc_2023_25_RXX.csv", "ncc_2023_RXX.csv"])
def test_trust_schedule_name_without_a_financial_year_is_refused(tmp_path: Path, name: str) -> None:
    path = write_trust_file(tmp_path, name, "RXX,Daycase,FZ12T,Minor,10,500,5000")
    with pytest.raises(ShapeError, match="file name does not give the financial year"):
        TRUSTS.parser(path)


def test_trust_schedule_with_another_header_is_refused(tmp_path: Path) -> None:
    path = write_trust_file(
        tmp_path,
        "ncc_2023_24_RXX.csv",
        "RXX,Daycase,FZ12T,Minor,10,500,5000",
        header="Org Code,Service Code,Currency Code,Currency Description,Activity,Unit Cost,"
        "Total Cost",
    )
    with pytest.raises(ShapeError, match=r"missing \['Organisation Code'\]"):
        TRUSTS.parser(path)


def test_trust_files_land_with_the_synthetic_flag_and_are_forgotten_when_gone(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    folder = data / "health/ncc_trust_schedules"
    real = write_trust_file(folder, "ncc_2023_24_RAA.csv", "RAA,Daycase,FZ12T,Minor,10,5,50")
    made = write_trust_file(folder, "ncc_2023_24_RBB.csv", "RBB,Daycase,FZ12T,Minor,20,6,120")
    made.with_name(made.name + ".synthetic.json").write_text(json.dumps({"seed": 1}))
    con = duckdb.connect()
    results = [land_file(con, TRUSTS, path, data) for path in TRUSTS.files(data)]
    assert [(r.source_file, r.synthetic) for r in results] == [
        ("health/ncc_trust_schedules/ncc_2023_24_RAA.csv", False),
        ("health/ncc_trust_schedules/ncc_2023_24_RBB.csv", True),
    ]
    log = con.execute(
        "select source_file, synthetic from raw._load_log order by source_file"
    ).fetchall()
    assert [flag for _, flag in log] == [False, True]

    # the same bytes with a sidecar added later are not "unchanged": they land again, synthetic
    real.with_name(real.name + ".synthetic.json").write_text("{}")
    again = land_file(con, TRUSTS, real, data)
    assert (again.skipped, again.synthetic) == (False, True)

    made.unlink()
    forgotten = forget_missing_files(con, TRUSTS, TRUSTS.files(data), data)
    assert forgotten == ["health/ncc_trust_schedules/ncc_2023_24_RBB.csv"]
    assert con.execute(
        "select count(*) from raw._load_log where source_file like '%RBB%'"
    ).fetchone() == (0,)
    assert con.execute(
        "select distinct organisation_code from raw.nhse_ncc_trust_schedules"
    ).fetchall() == [("RAA",)]


def test_an_empty_table_has_the_parsers_columns(tmp_path: Path) -> None:
    data = tmp_path / "data"
    folder = data / "health/ncc_trust_schedules"
    con = duckdb.connect()
    ensure_empty_table(con, TRUSTS)
    empty = [r[0] for r in con.execute("describe raw.nhse_ncc_trust_schedules").fetchall()]
    path = write_trust_file(folder, "ncc_2023_24_RAA.csv", "RAA,Daycase,FZ12T,Minor,10,5,50")
    land_file(con, TRUSTS, path, data)  # an existing table must match the parser's columns
    landed = [r[0] for r in con.execute("describe raw.nhse_ncc_trust_schedules").fetchall()]
    assert empty == landed


def test_the_optional_source_lands_no_rows_when_no_file_exists(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    warehouse = WarehouseResource(
        database_path=str(tmp_path / "warehouse.duckdb"), data_dir=str(data)
    )
    asset = next(a for a in raw_assets if a.key == dg.AssetKey(["raw", TRUSTS.name]))
    result = dg.materialize([asset], resources={"warehouse": warehouse})
    assert result.success
    [event] = result.get_asset_materialization_events()
    assert event.materialization.metadata["dagster/row_count"].value == 0
    with duckdb.connect(warehouse.database_path, read_only=True) as con:
        assert con.execute("select count(*) from raw.nhse_ncc_trust_schedules").fetchone() == (0,)
