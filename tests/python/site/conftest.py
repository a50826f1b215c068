"""The small release the site's unit tests read: its database, CSV files and two charts, and the
site written into it once per test session (tests that change the data write their own)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest

from orchestration.publish.attachment import ReleaseInfo
from orchestration.publish.site import write_site
from tests.python.site.small_release import (
    AE,
    CLEVELAND,
    CRIME,
    build_database,
    export_csvs,
    release_info,
    rows,
)

CHART = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="860" height="540" viewBox="0 0 860 540">'
    "<title>{}</title></svg>\n"
)
CHARTS = {
    f"charts/{CRIME}/YE2019-12/funnel.svg": "crime funnel",
    f"charts/{CRIME}/YE2019-12/ski_slope.svg": "crime ski slope",
    f"charts/{AE}/YE2025-06/funnel.svg": "A&E funnel",
    f"charts/time_series/{CRIME}/{CLEVELAND}.svg": "Cleveland's crime rate over time",
}


# a change log in the shape orchestration/publish/metadata/changelog.py writes
CHANGELOG = {
    "release_id": "2026-01-02T03-04-05Z-abcdef12",
    "previous_release_id": "2025-12-01T00-00-00Z-01234567",
    "summary": {"tables": 2, "added": 0, "removed": 0, "changed": 1, "unchanged": 1},
    "listed_rows": 20,
    "largest_changes_listed": 10,
    "tables": [
        {
            "table": "marts.dim_indicator",
            "status": "unchanged",
            "compared": "file hash",
            "primary_key": ["indicator_code"],
            "rows_before": 4,
            "rows_after": 4,
            "rows_added": 0,
            "rows_removed": 0,
            "rows_changed": 0,
            "columns_added": [],
            "columns_removed": [],
            "added": [],
            "removed": [],
            "changed": [],
            "largest_changes": [],
        },
        {
            "table": "marts.rpt_police_report_card",
            "status": "changed",
            "compared": "rows",
            "primary_key": ["force_code", "period_key"],
            "rows_before": 1,
            "rows_after": 2,
            "rows_added": 1,
            "rows_removed": 0,
            "rows_changed": 1,
            "columns_added": [],
            "columns_removed": [],
            "added": [{"force_code": "E23000013", "period_key": "YE2019-12"}],
            "removed": [],
            "changed": [
                {
                    "key": {"force_code": "E23000013", "period_key": "YE2019-09"},
                    "columns": ["crime_rate_per_1000", "summary"],
                }
            ],
            "largest_changes": [
                {
                    "key": {"force_code": "E23000013", "period_key": "YE2019-09"},
                    "column": "crime_rate_per_1000",
                    "before": 120.5,
                    "after": 122.83,
                    "change": 2.33,
                }
            ],
        },
    ],
}


@dataclass
class SmallRelease:
    folder: Path
    con: duckdb.DuckDBPyConnection
    info: ReleaseInfo
    entries: list[dict[str, Any]]

    def page(self, rel: str) -> str:
        return (self.folder / "site" / rel).read_text(encoding="utf-8")


def make_release(
    folder: Path, tables: dict | None = None
) -> tuple[duckdb.DuckDBPyConnection, ReleaseInfo]:
    """The small release's database (``folder/frontline.duckdb``), CSVs and charts."""
    tables = rows() if tables is None else tables
    folder.mkdir(parents=True, exist_ok=True)
    build_database(folder / "frontline.duckdb", tables)
    con = duckdb.connect(str(folder / "frontline.duckdb"), read_only=True)
    marts = export_csvs(con, folder, sorted(tables))
    for rel, title in CHARTS.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(CHART.format(title), encoding="utf-8")
    (folder / "changelog.json").write_text(json.dumps(CHANGELOG), encoding="utf-8")
    return con, release_info(marts)


@pytest.fixture(scope="session")
def small_release(tmp_path_factory) -> SmallRelease:
    folder = tmp_path_factory.mktemp("site") / "release"
    con, info = make_release(folder)
    entries = write_site(con, folder, info)
    yield SmallRelease(folder, con, info, entries)
    con.close()
