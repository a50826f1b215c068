"""The small release the site's unit tests read: its database, CSV files and two charts, and the
site written into it once per test session (tests that change the data write their own)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest

from orchestration.publish.attachment import ReleaseInfo
from orchestration.publish.site import write_site
from tests.python.site.small_release import (
    AE,
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
    return con, release_info(marts)


@pytest.fixture(scope="session")
def small_release(tmp_path_factory) -> SmallRelease:
    folder = tmp_path_factory.mktemp("site") / "release"
    con, info = make_release(folder)
    entries = write_site(con, folder, info)
    yield SmallRelease(folder, con, info, entries)
    con.close()
