"""A release built from any synthetic input is labelled so and never becomes the default one."""

from __future__ import annotations

import dataclasses
import json

import duckdb

from orchestration.paths import FrontlinePaths
from orchestration.publish import SourceFile, latest_release, publish_release

from .conftest import MARTS, SOURCES, add_row, passing_check, snapshot

GENERATED = SourceFile(
    path="data/health/ncc_trust_schedules/ncc_2023_24_RXX.csv",
    sha256="2" * 64,
    publisher="NHS England (National Cost Collection)",
    title="National Cost Collection: organisation-level costs (trust schedules)",
    licence="Open Government Licence v3.0",
    synthetic=True,
)


def release_table(db) -> tuple:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("select release_id, synthetic from main.release").fetchone()
    finally:
        con.close()


def default_state(paths: FrontlinePaths) -> dict[str, str]:
    """What users open: the published database, latest and latest.json."""
    return snapshot(
        paths.published_db, paths.releases_dir / "latest", paths.releases_dir / "latest.json"
    )


def test_a_synthetic_source_makes_a_labelled_release_that_is_not_the_default(
    paths: FrontlinePaths,
) -> None:
    real = publish_release(paths, MARTS, [passing_check()], SOURCES)
    before = default_state(paths)
    add_row(paths.working_db)

    made = publish_release(paths, MARTS, [passing_check()], [*SOURCES, GENERATED])

    assert made.synthetic and made.published_db is None
    assert made.folder.is_dir() and made.folder.name == made.release_id
    manifest = json.loads((made.folder / "manifest.json").read_text())
    assert manifest["synthetic"] is True
    assert manifest["synthetic_sources"] == [GENERATED.path]
    assert manifest["published_as_latest"] is False
    assert [s["synthetic"] for s in manifest["sources"]] == [False, False, True]
    assert release_table(made.folder / "frontline.duckdb") == (made.release_id, True)

    # what users open is untouched: still the real release
    assert default_state(paths) == before
    assert latest_release(paths)["release_id"] == real.release_id
    assert latest_release(paths)["synthetic"] is False
    assert release_table(paths.published_db) == (real.release_id, False)

    # the next real release becomes the default again
    again = publish_release(paths, MARTS, [passing_check()], SOURCES)
    assert not again.synthetic and again.published_db == paths.published_db
    assert latest_release(paths)["release_id"] == again.release_id
    manifest = json.loads((again.folder / "manifest.json").read_text())
    assert (manifest["synthetic"], manifest["synthetic_sources"]) == (False, [])
    assert manifest["published_as_latest"] is True


def test_synthetic_true_keeps_its_meaning_and_is_never_the_default(paths: FrontlinePaths) -> None:
    made = publish_release(paths, MARTS, [passing_check()], SOURCES, synthetic=True)
    manifest = json.loads((made.folder / "manifest.json").read_text())
    assert (manifest["synthetic"], manifest["synthetic_sources"]) == (True, [])
    # no real release yet: nothing is published, the folder stands alone
    assert not paths.published_db.exists()
    assert latest_release(paths) is None
    assert not (paths.releases_dir / "latest").exists()


def test_the_same_file_not_synthetic_is_an_ordinary_source(paths: FrontlinePaths) -> None:
    real_file = dataclasses.replace(GENERATED, synthetic=False)
    release = publish_release(paths, MARTS, [passing_check()], [real_file])
    assert not release.synthetic
    assert latest_release(paths)["release_id"] == release.release_id
