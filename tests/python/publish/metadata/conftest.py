"""Small marts of every column type the release writes, with their dbt contracts, published
with the metadata attachment into a temporary home."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from pathlib import Path

import duckdb
import pytest

from orchestration.paths import FrontlinePaths
from orchestration.publish import SourceFile, publish_release
from orchestration.publish import release as release_module
from orchestration.publish.contract import MartContract
from orchestration.publish.metadata import metadata_attachment
from orchestration.publish.model import Release

from ..conftest import passing_check

MARTS = ["marts.fct_force_value", "marts.dim_area"]
PROVENANCE_TEXT = "# Provenance of the test data\n\nMade up for the tests.\n"
SOURCES = [
    SourceFile(
        path="data/police/pfa_tables.xlsx",
        sha256="0" * 64,
        publisher="Office for National Statistics",
        title="Police force area data tables",
        licence="Open Government Licence v3.0",
        url="https://www.ons.gov.uk/example",
        published="2019-07-18",
        snapshot_url="https://github.com/example/data/blob/abc1234/pfa.xlsx",
    ),
    SourceFile(
        path="data/geography/la.csv",
        sha256="1" * 64,
        publisher="mySociety",
        title="Local authority names and codes",
        licence="CC BY 4.0",
        url="https://github.com/mysociety/uk_local_authority_names_and_codes",
    ),
]
CONTRACTS = {
    "marts.fct_force_value": MartContract(
        table="marts.fct_force_value",
        description="Force values: one row per force, period and indicator. More words here.",
        columns={
            "force_code": "The force's GSS code.",
            "period_key": "The period.",
            "indicator_code": "The indicator.",
            "value": "The value.",
            "numerator": "Crimes counted.",
            "denominator": "People.",
            "status": "GSS symbol when there is no value.",
            "is_estimate": "Whether the value is estimated.",
            "period_end": "The last day of the period.",
            "loaded_at": "When the row was loaded (UTC).",
            "share": "A share with three decimals.",
        },
        primary_key=("force_code", "period_key", "indicator_code"),
    ),
    "marts.dim_area": MartContract(
        table="marts.dim_area",
        description="Areas: forces, regions and British Transport Police.",
        columns={"area_code": "GSS code, or BTP.", "area_name": "Name.", "region_code": "Region."},
        primary_key=("area_code",),
    ),
}
FORCE_ROWS = [
    # force, period, indicator, value, numerator, denominator, status, estimate, end, loaded, share
    ("E23000001", "YE2019-03", "crime_rate", 93.35348310434374, 840000, 8900000, None, False,
     "2019-03-31", "2024-01-31 09:30:00+00", 0.125),
    ("E23000001", "YE2019-12", "crime_rate", 95.5, 860000, 9000000, None, True,
     "2019-12-31", "2024-01-31 09:30:00+00", 0.25),
    ("W15000001", "YE2019-03", "crime_rate", None, None, 700000, "c", False,
     "2019-03-31", "2024-01-31 09:30:00+00", None),
    ("E23000005", "YE2019-03", "crime_rate", 71.25, 21000, 294000, None, False,
     "2019-03-31", "2024-02-29 23:59:59+00", 1.5),
]  # fmt: skip
AREA_ROWS = [
    ("E23000001", "Metropolitan Police", "E12000007"),
    ("W15000001", "North Wales", None),
    ("BTP", "British Transport Police", None),
]


def make_working_db(path: Path) -> None:
    con = duckdb.connect(str(path))
    con.execute("create schema if not exists marts")
    con.execute(
        """
        create or replace table marts.fct_force_value (
            force_code varchar, period_key varchar, indicator_code varchar, value double,
            numerator bigint, denominator integer, status varchar, is_estimate boolean,
            period_end date, loaded_at timestamptz, share decimal(9, 3))
        """
    )
    con.executemany(
        "insert into marts.fct_force_value values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", FORCE_ROWS
    )
    con.execute(
        "create or replace table marts.dim_area "
        "(area_code varchar not null, area_name varchar, region_code varchar)"
    )
    con.executemany("insert into marts.dim_area values (?, ?, ?)", AREA_ROWS)
    con.close()


class FrozenClock(datetime):
    @classmethod
    def now(cls, tz: tzinfo | None = None) -> datetime:
        return datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)


@pytest.fixture
def home(tmp_path: Path) -> FrontlinePaths:
    paths = FrontlinePaths(home=tmp_path / "home", data_dir=tmp_path / "data")
    paths.home.mkdir()
    paths.data_dir.mkdir()
    (paths.data_dir / "PROVENANCE.md").write_text(PROVENANCE_TEXT)
    make_working_db(paths.working_db)
    return paths


def publish(paths: FrontlinePaths, marts: list[str] = MARTS) -> Release:
    return publish_release(
        paths,
        marts,
        [passing_check()],
        SOURCES,
        attachments=[metadata_attachment(paths.data_dir)],
        contracts=CONTRACTS,
    )


@pytest.fixture
def published(home: FrontlinePaths, monkeypatch: pytest.MonkeyPatch) -> Release:
    monkeypatch.setattr(release_module, "datetime", FrozenClock)
    return publish(home)
