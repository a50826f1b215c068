"""A small working database with two marts, shaped like Frontline's, in a temporary home."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import duckdb
import pytest

from orchestration.paths import FrontlinePaths
from orchestration.publish import CheckOutcome, SourceFile

MARTS = ["marts.fct_indicator_value", "marts.dim_organisation"]

SOURCES = [
    SourceFile(
        path="data/ons/pfa_tables.xlsx",
        sha256="0" * 64,
        publisher="Office for National Statistics",
        title="Police force area data tables",
        licence="OGL-UK-3.0",
    ),
    SourceFile(
        path="data/mysociety/la_lookup.csv",
        sha256="1" * 64,
        publisher="mySociety",
        title="Local authority lookup",
        licence="CC BY 4.0",
    ),
]


def make_working_db(path: Path) -> None:
    """Rows deliberately out of order, with a NULL value (and its status), an empty string."""
    con = duckdb.connect(str(path))
    con.execute("create schema if not exists marts")
    con.execute(
        """
        create or replace table marts.fct_indicator_value (
            organisation_code varchar, period varchar, indicator_code varchar,
            value double, status varchar, numerator bigint)
        """
    )
    con.execute(
        """
        insert into marts.fct_indicator_value values
            ('E23000005', '2019-12', 'crime_rate', 71.25, null, 12),
            ('E23000001', '2019-12', 'crime_rate', 90.5, null, 10),
            ('E23000001', '2018-12', 'crime_rate', null, 'x', null),
            ('E23000003', '2019-12', 'crime_rate', 0.1, '', 3)
        """
    )
    con.execute(
        """
        create or replace table marts.dim_organisation (
            organisation_code varchar, name varchar, valid_from date)
        """
    )
    con.execute(
        """
        insert into marts.dim_organisation values
            ('E23000005', 'West Midlands, "the" force', date '2010-04-01'),
            ('E23000001', 'Metropolitan Police', date '2000-01-01')
        """
    )
    con.close()


def add_row(path: Path) -> None:
    con = duckdb.connect(str(path))
    con.execute(
        "insert into marts.fct_indicator_value values "
        "('E23000007', '2019-12', 'crime_rate', 55.0, null, 5)"
    )
    con.close()


def passing_check(name: str = "ge_fct_indicator_value") -> CheckOutcome:
    return CheckOutcome(
        name=name,
        asset="marts.fct_indicator_value",
        passed=True,
        blocking=True,
        description="values are present and non-negative",
    )


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(*roots: Path) -> dict[str, str]:
    """Every file under the roots: its sha256, or for a symlink its target."""
    state: dict[str, str] = {}
    for root in roots:
        if root.is_symlink() or root.is_file():
            entries = [root]
        elif root.is_dir():
            entries = [Path(d) / f for d, dirs, files in os.walk(root) for f in files + dirs]
        else:
            entries = []
        for entry in entries:
            if entry.is_symlink():
                state[str(entry)] = "-> " + os.readlink(entry)
            elif entry.is_file():
                state[str(entry)] = sha256(entry)
    return state


@pytest.fixture
def paths(tmp_path: Path) -> FrontlinePaths:
    p = FrontlinePaths(home=tmp_path / "home")
    p.home.mkdir()
    make_working_db(p.working_db)
    return p
