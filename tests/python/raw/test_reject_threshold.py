"""Rejected rows block: the `rejects_within_threshold` check on every raw asset, and a load
error reaching Dagster as one line. Assets are materialised in-process on a tmp data folder."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import dagster as dg
import duckdb
import openpyxl
import pytest

from orchestration.raw.assets import build_raw_asset, raw_assets
from orchestration.raw.catalog import SOURCES, SOURCES_BY_NAME
from orchestration.raw.landing.reject_threshold import CHECK_NAME
from orchestration.resources import WarehouseResource

from .conftest import DEC_2019, DEFAULT_DATA_DIR, copy_into

P1 = SOURCES_BY_NAME["ons_pfa_p1_recorded_crime"]
P1_FILE = "police/ons_pfa_tables/pfatablesdec19.xlsx"
LAD23 = "geography/ons_lad23_csp23_pfa23_lookup_ew.csv"


def _warehouse(tmp_path: Path, data_dir: Path) -> WarehouseResource:
    return WarehouseResource(
        database_path=str(tmp_path / "warehouse.duckdb"), data_dir=str(data_dir)
    )


def _cleveland_printed_with_a_comma(data_dir: Path) -> None:
    """The issue's case: Cleveland's total printed '1,234' (text, not a number) in C10."""
    book = openpyxl.load_workbook(DEC_2019)
    book["Table P1"]["C10"] = "1,234"
    (data_dir / P1_FILE).parent.mkdir(parents=True)
    book.save(data_dir / P1_FILE)


@dg.asset(deps=[dg.AssetKey(["raw", P1.name])])
def built_on_p1() -> None:
    """Stands for everything downstream of the raw table (staging, marts, publish)."""


def test_every_raw_asset_declares_a_blocking_reject_check() -> None:
    specs = {spec.asset_key: spec for asset in raw_assets for spec in asset.check_specs}
    assert set(specs) == {dg.AssetKey(["raw", s.name]) for s in SOURCES}
    assert {(spec.name, spec.blocking) for spec in specs.values()} == {(CHECK_NAME, True)}
    # zero by default for every shipped source
    assert {s.max_rejected_rows for s in SOURCES} == {0}


def test_one_bad_count_is_rejected_and_the_check_blocks_downstream(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    _cleveland_printed_with_a_comma(data_dir)
    warehouse = _warehouse(tmp_path, data_dir)
    result = dg.materialize(
        [build_raw_asset(P1), built_on_p1],
        resources={"warehouse": warehouse},
        raise_on_error=False,
    )
    assert not result.success
    [evaluation] = result.get_asset_check_evaluations()
    assert (evaluation.check_name, evaluation.passed) == (CHECK_NAME, False)
    assert evaluation.description == (
        "raw.ons_pfa_p1_recorded_crime: 1 row(s) rejected, more than the 0 allowed "
        "(max_rejected_rows): \"neither a number nor '..'\": 1 row(s), e.g. "
        f"{P1_FILE} sheet 'Table P1' row 10 column total_recorded_crime_excluding_fraud "
        "value '1,234'"
    )
    # the file's other 55 rows landed; the reject is recorded; nothing downstream ran
    with duckdb.connect(warehouse.database_path, read_only=True) as con:
        landed = con.execute("select count(*) from raw.ons_pfa_p1_recorded_crime").fetchone()
        rejects = con.execute("select row_number, value from raw._rejects").fetchall()
    assert landed == (55,) and rejects == [(10, "1,234")]
    materialized = {e.asset_key for e in result.get_asset_materialization_events()}
    assert materialized == {dg.AssetKey(["raw", P1.name])}


def test_a_source_that_allows_rejects_passes_within_its_threshold(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    _cleveland_printed_with_a_comma(data_dir)
    allowing = dataclasses.replace(P1, max_rejected_rows=1)
    result = dg.materialize(
        [build_raw_asset(allowing)], resources={"warehouse": _warehouse(tmp_path, data_dir)}
    )
    [evaluation] = result.get_asset_check_evaluations()
    assert evaluation.passed
    assert evaluation.description == (
        "raw.ons_pfa_p1_recorded_crime: 1 row(s) rejected, within the 1 allowed"
    )


def test_a_load_error_reaches_dagster_as_one_line(tmp_path: Path) -> None:
    """A geography CSV truncated at a line boundary (165 of 332 rows, as in the issue)."""
    data_dir = tmp_path / "data"
    path = copy_into(data_dir, DEFAULT_DATA_DIR / LAD23, LAD23)
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(b"".join(lines[:166]))
    result = dg.materialize(
        [build_raw_asset(SOURCES_BY_NAME["ons_lad23_csp23_pfa23_lookup_ew"])],
        resources={"warehouse": _warehouse(tmp_path, data_dir)},
        raise_on_error=False,
    )
    [failure] = result.get_step_failure_events()
    description = failure.step_failure_data.user_failure_data.description
    assert description == (
        f"{LAD23}: expected 332 data rows (the edition the catalog declares), found 165: a "
        "truncated copy or another edition (if a new edition, update expected_rows in the "
        "catalog)"
    )


@pytest.mark.parametrize(
    "source", [s.name for s in SOURCES if s.expected_rows is not None], ids=str
)
def test_declared_edition_row_counts_match_the_shipped_files(source: str) -> None:
    declared = SOURCES_BY_NAME[source]
    [path] = declared.files(DEFAULT_DATA_DIR)
    # counted independently of the parser: non-blank lines after the header
    lines = [line for line in path.read_bytes().splitlines()[1:] if line.strip()]
    assert declared.expected_rows == len(lines)
