"""One end-to-end run of the main job per test session, into a temporary FRONTLINE_HOME.

A full run takes about two minutes on CI's two cores, so tests share it; tests that need another
run (the gate) copy its home and data so the shared one stays as published. Two more runs are
shared: the run for a new month with synthetic inputs and refused drop-folder files beside it
(fixture `synthetic`) and, on a copy of the home it left with the shipped files alone, the re-run
after a killed run (fixture `rerun`).
"""

from __future__ import annotations

import datetime as dt
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
NEW_MONTH = "2022-11"
DROP = "police/police_uk_street"
TEMPLATE = "2022-10-gwent-street.csv"
DUPLICATED = "2017-01-city-of-london-street.csv"
# the same bytes under another slug; it sorts first ('p' < 's'), so it holds the force-month
DUPLICATE = "2017-01-city-of-london-police-street.csv"
MISNAMED = ("2022-13-gwent-street.csv", "2022-10-gwent-street (1).csv")


def run_release(
    paths: FrontlinePaths,
    month: str | None = None,
    asset_selection: list[dg.AssetKey] | None = None,
) -> dg.ExecuteInProcessResult:
    instance = dg.DagsterInstance.ephemeral()
    return execute_release(paths, instance, month=month, asset_selection=asset_selection)


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


def add_month(data: Path, month: str) -> int:
    """A new Gwent month: October 2022's rows relabelled (the month column too)."""
    drop = data / DROP
    lines = (drop / TEMPLATE).read_text().splitlines(keepends=True)
    body = [line.replace(",2022-10,", f",{month},", 1) for line in lines[1:]]
    (drop / f"{month}-gwent-street.csv").write_text(lines[0] + "".join(body))
    return len(body)


def _next_month(today: dt.date) -> str:
    """The month after the current UTC month: one data.police.uk cannot have published."""
    first_of_next = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return first_of_next.strftime("%Y-%m")


def _add_refused_files(data: Path) -> str:
    """A duplicate of a loaded force-month, two misnamed files and a future month; returns the
    future file's name."""
    drop = data / DROP
    shutil.copyfile(drop / DUPLICATED, drop / DUPLICATE)
    for name in MISNAMED:
        shutil.copyfile(drop / TEMPLATE, drop / name)
    future = _next_month(dt.datetime.now(dt.UTC).date())
    add_month(data, future)
    return f"{future}-gwent-street.csv"


@dataclass(frozen=True)
class SyntheticRun:
    """The main job for one new street-level month (a partitioned run, as the sensor starts it),
    on a copy of the published home, with generated NHS trust cost schedules and justice tables
    and files the drop folder refuses beside the shipped data. One run serves the synthetic-input
    tests and the new-month tests: a full run costs minutes."""

    data: Path
    paths: FrontlinePaths
    cost_files: list[Path]
    justice_files: list[Path]
    new_month_rows: int
    future_file: str  # the refused file for a month after this one
    before: dict[str, str]  # the published state before the run
    default_id: str  # the latest release before the run
    result: dg.ExecuteInProcessResult


@pytest.fixture(scope="session")
def synthetic(published, tmp_path_factory) -> SyntheticRun:
    root = tmp_path_factory.mktemp("synthetic")
    data = copy_data(root)
    cost_files = ncc_trust_schedules.generate(data, seed=NCC_SEED, trusts=NCC_TRUSTS)
    justice_files = justice_performance.generate(data / "justice", seed=JUSTICE_SEED, data_dir=data)
    rows = add_month(data, NEW_MONTH)
    future = _add_refused_files(data)
    paths = copy_home(published, root, data_dir=data)
    before = published_state(paths)
    default_id = latest_release(paths)["release_id"]
    result = run_release(paths, month=NEW_MONTH)
    return SyntheticRun(
        data, paths, cost_files, justice_files, rows, future, before, default_id, result
    )


def release_folder(result: dg.ExecuteInProcessResult) -> Path:
    """The folder of the release a run wrote."""
    [event] = [
        e
        for e in result.all_events
        if e.event_type_value == "ASSET_MATERIALIZATION"
        and e.asset_key.path == ["publish", "release"]
    ]
    metadata = event.event_specific_data.materialization.metadata
    return Path(metadata["release_folder"].value)


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
    (its generated files, new month and refused files gone, so the inputs are `published`'s
    again), by `frontline run` after a `frontline run` on that home was killed during its dbt
    build."""

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
