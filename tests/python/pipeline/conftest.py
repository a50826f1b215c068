"""One end-to-end run of the main job per test session, into a temporary FRONTLINE_HOME.

A full run takes about two minutes on CI's two cores, so tests share it; tests that need another
run (gate, new month) copy its home and data so the shared one stays as published. Two more runs
are shared: the run with synthetic inputs (fixture `synthetic`) and, on a copy of the home it
left with the generated files removed, the re-run on the shipped inputs after a killed run
(fixture `rerun`).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from sqlalchemy import MetaData, Table, create_engine, select

from orchestration.cli import execute_release
from orchestration.paths import DEFAULT_DATA_DIR, PROJECT_DIR, FrontlinePaths
from orchestration.publish import latest_release
from orchestration.run_recovery import dbt_processes
from orchestration.synthetic import justice_performance, ncc_trust_schedules

NCC_SEED = 20240331
NCC_TRUSTS = 12
JUSTICE_SEED = 20240725


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
class SyntheticRun:
    """The main job on the shipped data plus generated NHS trust cost schedules and justice
    tables, on a copy of the published home."""

    data: Path
    paths: FrontlinePaths
    cost_files: list[Path]
    justice_files: list[Path]
    before: dict[str, str]  # the published state before the run
    default_id: str  # the latest release before the run
    result: dg.ExecuteInProcessResult


@pytest.fixture(scope="session")
def synthetic(published, tmp_path_factory) -> SyntheticRun:
    """One run over the shipped data plus both synthetic generators (a full run costs minutes)."""
    root = tmp_path_factory.mktemp("synthetic")
    data = copy_data(root)
    cost_files = ncc_trust_schedules.generate(data, seed=NCC_SEED, trusts=NCC_TRUSTS)
    justice_files = justice_performance.generate(data / "justice", seed=JUSTICE_SEED, data_dir=data)
    paths = copy_home(published, root, data_dir=data)
    before = published_state(paths)
    default_id = latest_release(paths)["release_id"]
    result = run_release(paths)
    return SyntheticRun(data, paths, cost_files, justice_files, before, default_id, result)


@dataclass(frozen=True)
class CliRun:
    """`frontline run` as a user starts it: its exit status and what it printed."""

    returncode: int
    output: str

    @property
    def success(self) -> bool:
        return self.returncode == 0


@dataclass(frozen=True)
class Rerun:
    """The main job run again on the shipped inputs, on a copy of the home the synthetic run left
    (its generated files gone, so the inputs are `published`'s again), by `frontline run` after a
    `frontline run` on that home was killed during its dbt build."""

    paths: FrontlinePaths
    result: CliRun
    first_release: Path  # the release folder `latest` pointed to before the re-run
    release_id_before: str  # what a connected BI reader saw before the re-run ...
    release_id_seen_during: str  # ... and, still connected, after it published


FRONTLINE = [str(Path(sys.executable).with_name("frontline")), "run"]
DBT_START_LIMIT_S = 300  # the killed run: raw loads (files unchanged, skipped), then dbt
RERUN_LIMIT_S = 900  # a hang on the killed run's pool slot would never end


def _frontline_env(paths: FrontlinePaths) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}  # instance under the home
    return env | {"FRONTLINE_HOME": str(paths.home), "FRONTLINE_DATA_DIR": str(paths.data_dir)}


def _kill_during_dbt(paths: FrontlinePaths) -> list[int]:
    """Start `frontline run`, SIGKILL it while its dbt build runs; returns the dbt processes
    that outlived it (orphans holding the working database)."""
    killed = subprocess.Popen(
        FRONTLINE,
        cwd=PROJECT_DIR,
        env=_frontline_env(paths),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + DBT_START_LIMIT_S
    while not dbt_processes(paths.working_db):
        assert killed.poll() is None, "the run to kill ended before its dbt build started"
        assert time.monotonic() < deadline, "the run to kill never started its dbt build"
        time.sleep(0.2)
    time.sleep(3)  # dbt holds the working database and is building
    killed.kill()
    killed.wait()
    return [process.pid for process in dbt_processes(paths.working_db)]


@pytest.fixture(scope="session")
def rerun(synthetic, tmp_path_factory) -> Rerun:
    """One re-run shared by the tests of repeatability, of an ordinary release after a synthetic
    one, and of publishing under a reader. Its home is a copy of the synthetic run's (latest there
    is still `published`'s release) and its data the shipped files alone.

    Before it, a `frontline run` on the same home is killed (SIGKILL) during its dbt build, leaving
    its run STARTED with the writer pool's slot claimed and its dbt orphaned; the re-run must
    recover (say so) and finish within a time limit. It runs while a BI-style reader (SQLAlchemy +
    duckdb-engine, read-only) holds the published database open, as a dashboard would during a
    scheduled release."""
    root = tmp_path_factory.mktemp("rerun")
    paths = copy_home(synthetic.paths, root, data_dir=copy_data(root))
    first_release = (paths.releases_dir / "latest").resolve()
    orphans = _kill_during_dbt(paths)
    engine = create_engine(f"duckdb:///{paths.published_db}", connect_args={"read_only": True})
    release = Table("release", MetaData(), schema="main", autoload_with=engine)
    with engine.connect() as reader:
        before = reader.execute(select(release.c.release_id)).scalar_one()
        try:
            completed = subprocess.run(
                FRONTLINE,
                cwd=PROJECT_DIR,
                env=_frontline_env(paths),
                capture_output=True,
                text=True,
                timeout=RERUN_LIMIT_S,
            )
        except subprocess.TimeoutExpired:
            pytest.fail(f"the run after a killed run did not finish within {RERUN_LIMIT_S} s")
        during = reader.execute(select(release.c.release_id)).scalar_one()
    engine.dispose()
    result = CliRun(completed.returncode, completed.stdout + completed.stderr)
    recovered = [line for line in completed.stdout.splitlines() if line.startswith("recovered:")]
    assert any(
        re.fullmatch(
            r"recovered: run \w{8} \(started [\d: -]+, pid \d+ gone\) marked failed, "
            r"1 pool slot freed(, dbt process(es)? \d+(, \d+)* stopped)?",
            line,
        )
        for line in recovered
    ), result.output
    assert not dbt_processes(paths.working_db), f"dbt processes {orphans} outlived the recovery"
    return Rerun(paths, result, first_release, before, during)
