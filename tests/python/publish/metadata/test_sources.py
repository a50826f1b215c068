"""Every catalog source names its publication's URL; PROVENANCE.md's snapshots become URLs."""

from __future__ import annotations

import re

from orchestration.paths import DEFAULT_DATA_DIR
from orchestration.raw.catalog import SOURCES
from orchestration.raw.catalog.provenance import read_snapshot_urls, snapshot_urls

ISO_DATE = re.compile(r"^\d{4}-\d\d(-\d\d)?$")


def test_every_source_has_a_url_and_any_publication_date_is_iso():
    assert [s.name for s in SOURCES if not s.url.startswith("https://")] == []
    assert [s.name for s in SOURCES if s.published and not ISO_DATE.match(s.published)] == []
    published = {s.name: s.published for s in SOURCES if s.published}
    assert published["ho_police_workforce"] == "2023-07-26"  # its file name: ...-260723.ods
    assert published["mhclg_iod2019_lad_summaries_imd"] == "2019-09-26"


def test_snapshot_urls_from_provenance_rows():
    text = (
        "| File | Source |\n|---|---|\n"
        "| `data/health/ae.csv` | someone/nhs-data : `June 2024 - May 2025 A&E Data/AE.csv` "
        "@ `0b3ea4cee4dc` | NHS England | A&E | month | 199 | OGL v3.0 | full | |\n"
        "| `data/education/las.csv` | dfe/lait : `01_data/la_code_list.xlsx [sheet Sheet1]` "
        "@ `2e30e3959a6a` | DfE | LAs | 2026 | 171 | OGL v3.0 | full sheet | |\n"
    )
    assert snapshot_urls(text) == {
        "data/health/ae.csv": "https://github.com/someone/nhs-data/blob/0b3ea4cee4dc/"
        "June%202024%20-%20May%202025%20A%26E%20Data/AE.csv"
    }  # a sheet saved as CSV is not the snapshot's bytes: no URL


def test_the_shipped_provenance_gives_a_snapshot_to_nearly_every_file():
    urls = read_snapshot_urls(DEFAULT_DATA_DIR)
    rows = (DEFAULT_DATA_DIR / "PROVENANCE.md").read_text().count("\n| `data/")
    derived = (DEFAULT_DATA_DIR / "PROVENANCE.md").read_text().count(" [sheet ")
    assert len(urls) == rows - derived > 100
    assert all(u.startswith("https://github.com/") for u in urls.values())
