"""One end-to-end run of the main job per test session, into a temporary FRONTLINE_HOME.

A full run takes about two minutes on CI's two cores, so tests share it; tests that need another
run (gate, new month, synthetic inputs) copy its home and data so the shared one stays as
published. The re-run on the same inputs is shared too (fixture `rerun`).
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from sqlalchemy import MetaData, Table, create_engine, select

from orchestration.cli import execute_release
from orchestration.paths import DEFAULT_DATA_DIR, FrontlinePaths


def run_release(paths: FrontlinePaths, month: str | None = None) -> dg.ExecuteInProcessResult:
    instance = dg.DagsterInstance.ephemeral()
    return execute_release(paths, instance, month=month)


def copy_home(source: FrontlinePaths, target_root: Path, data_dir: Path | None = None):
    """A copy of a home (working db, releases, published db) to run again without touching it."""
    home = target_root / "home"
    shutil.copytree(source.home, home, symlinks=True)
    return FrontlinePaths(home=home, data_dir=data_dir or source.data_dir)


def copy_data(target_root: Path) -> Path:
    data = target_root / "data"
    shutil.copytree(DEFAULT_DATA_DIR, data)
    for path in data.rglob("*"):
        path.chmod(0o644 if path.is_file() else 0o755)
    return data


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree_digest(root: Path) -> dict[str, str]:
    """Every file under root (symlinks as their target) with the sha256 of its bytes, to compare
    byte for byte (hashes keep a failing comparison's message readable)."""
    digest = {}
    for path in sorted(root.rglob("*")):
        rel = str(path.relative_to(root))
        if path.is_symlink():
            digest[rel] = "->" + str(path.readlink())
        elif path.is_file():
            digest[rel] = _sha256(path)
    return digest


def published_state(paths: FrontlinePaths) -> dict[str, str]:
    state = {f"releases/{k}": v for k, v in tree_digest(paths.releases_dir).items()}
    state["published/frontline.duckdb"] = _sha256(paths.published_db)
    return state


@pytest.fixture(scope="session")
def published(tmp_path_factory) -> FrontlinePaths:
    """The main job run once on the shipped data."""
    paths = FrontlinePaths(
        home=tmp_path_factory.mktemp("frontline") / "home", data_dir=DEFAULT_DATA_DIR
    )
    result = run_release(paths)
    assert result.success, "the main job failed on the shipped data"
    return paths


@pytest.fixture(scope="session")
def published_db(published):
    con = duckdb.connect(str(published.published_db), read_only=True)
    yield con
    con.close()


@dataclass(frozen=True)
class Rerun:
    """The main job run again on the same inputs, on a copy of the published home."""

    paths: FrontlinePaths
    result: dg.ExecuteInProcessResult
    first_release: Path  # the release folder `latest` pointed to before the re-run
    release_id_before: str  # what a connected BI reader saw before the re-run ...
    release_id_seen_during: str  # ... and, still connected, after it published


@pytest.fixture(scope="session")
def rerun(published, tmp_path_factory) -> Rerun:
    """One re-run shared by the tests of repeatability and of publishing under a reader: it runs
    while a BI-style reader (SQLAlchemy + duckdb-engine, read-only) holds the published database
    open, as a dashboard would during a scheduled release."""
    paths = copy_home(published, tmp_path_factory.mktemp("rerun"))
    first_release = (paths.releases_dir / "latest").resolve()
    engine = create_engine(f"duckdb:///{paths.published_db}", connect_args={"read_only": True})
    release = Table("release", MetaData(), schema="main", autoload_with=engine)
    with engine.connect() as reader:
        before = reader.execute(select(release.c.release_id)).scalar_one()
        result = run_release(paths)
        during = reader.execute(select(release.c.release_id)).scalar_one()
    engine.dispose()
    return Rerun(paths, result, first_release, before, during)
