"""The metadata files are byte-for-byte the same for the same data, release id and time."""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestration.paths import FrontlinePaths
from orchestration.publish import release as release_module

from .conftest import PROVENANCE_TEXT, FrozenClock, make_working_db, publish


def _home(root: Path) -> FrontlinePaths:
    paths = FrontlinePaths(home=root / "home", data_dir=root / "data")
    paths.home.mkdir(parents=True)
    paths.data_dir.mkdir()
    (paths.data_dir / "PROVENANCE.md").write_text(PROVENANCE_TEXT)
    make_working_db(paths.working_db)
    return paths


def test_two_homes_publish_identical_metadata(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(release_module, "datetime", FrozenClock)
    first, second = (publish(_home(tmp_path / name)) for name in ("a", "b"))
    assert first.release_id == second.release_id
    assert first.manifest["metadata"] == second.manifest["metadata"]
    for entry in first.manifest["metadata"]:
        path = entry["path"]
        assert (first.folder / path).read_bytes() == (second.folder / path).read_bytes(), path
    kinds = sorted({e["kind"] for e in first.manifest["metadata"]})
    assert kinds == ["changelog", "csvw", "datapackage", "dcat", "provenance"]
    assert (first.folder / "PROVENANCE.md").read_text() == PROVENANCE_TEXT
