"""Shared fixtures: the real shipped data folder and a fresh in-memory DuckDB."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from orchestration.paths import DEFAULT_DATA_DIR

PFA_TABLES = DEFAULT_DATA_DIR / "police" / "ons_pfa_tables"
DEC_2019 = PFA_TABLES / "pfatablesdec19.xlsx"
MAR_2018 = PFA_TABLES / "policeforceareatablesyearendingmarch2018v2.xlsx"
STREET_DIR = DEFAULT_DATA_DIR / "police" / "police_uk_street"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture
def data_dir() -> Path:
    return DEFAULT_DATA_DIR


@pytest.fixture
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect()
    yield connection
    connection.close()


def copy_into(tmp_data: Path, source: Path, relative: str) -> Path:
    """Copy a shipped file into a temporary data folder at `relative`."""
    target = tmp_data / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target
