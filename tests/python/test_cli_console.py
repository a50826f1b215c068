"""What `frontline run` shows: progress lines and, for a bad input, one line naming the file; no
Python traceback on the console (it goes to <home>/logs/run-<run_id>.log, whose path the console
gives at the start and the end); the sources with rejected rows after the run.

The run goes through the CLI's run path (``orchestration.cli.run_job``: run lock, persistent
instance, log file, console) with a job of two real raw loaders over copies of their shipped
files: one with a renamed column (the load fails), one with a short row (rejected).
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import dagster as dg
import pytest

from orchestration.cli import run_job
from orchestration.paths import DEFAULT_DATA_DIR, FrontlinePaths
from orchestration.raw.assets import raw_assets
from orchestration.resources import WarehouseResource

FAILS = "dfe_police_force_areas"  # geography/dfe_police_force_areas.csv, header renamed
REJECTS = "dfe_las_with_history"  # geography/dfe_las_with_history.csv, one row short


def two_loaders(paths: FrontlinePaths) -> dg.JobDefinition:
    assets = [a for a in raw_assets if a.key.path[-1] in {FAILS, REJECTS}]
    job = dg.define_asset_job("two_loaders", executor_def=dg.in_process_executor)
    warehouse = WarehouseResource(database_path=str(paths.working_db), data_dir=str(paths.data_dir))
    defs = dg.Definitions(assets=assets, jobs=[job], resources={"warehouse": warehouse})
    return defs.resolve_job_def("two_loaders")


@pytest.fixture
def paths(tmp_path: Path, monkeypatch) -> FrontlinePaths:
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    data = tmp_path / "data"
    (data / "geography").mkdir(parents=True)
    areas = (DEFAULT_DATA_DIR / "geography" / f"{FAILS}.csv").read_text(encoding="utf-8-sig")
    (data / "geography" / f"{FAILS}.csv").write_text(
        areas.replace("date_terminated", "date_ended", 1)
    )
    source = DEFAULT_DATA_DIR / "geography" / f"{REJECTS}.csv"
    lines = source.read_text().splitlines(keepends=True)
    lines[2] = lines[2].rsplit(",", 1)[0] + "\n"  # row 3 (Middlesbrough) loses old_la_code
    (data / "geography" / f"{REJECTS}.csv").write_text("".join(lines))
    shutil.copystat(source, data / "geography" / f"{REJECTS}.csv")
    return FrontlinePaths(home=tmp_path / "home", data_dir=data)


def test_a_bad_input_is_one_line_naming_the_file_and_no_traceback(paths):
    console = io.StringIO()

    status = run_job(paths, two_loaders(paths), console=console)

    out = console.getvalue()
    assert status == 1
    assert "Traceback" not in out and "Stack Trace" not in out
    failed = [line for line in out.splitlines() if line.startswith(f"  failed step raw__{FAILS}")]
    assert len(failed) == 1
    assert f"geography/{FAILS}.csv" in failed[0]
    assert "date_ended" in failed[0]  # what was found
    # the run log: named at the start and the end, and it has the stack trace
    (log,) = (paths.home / "logs").glob("run-*.log")
    assert out.splitlines()[0].endswith(str(log))
    assert out.splitlines()[-1] == f"Full log: {log}"
    assert "Stack Trace" in log.read_text()
    # the source with a rejected row, in the summary
    rejected = [line for line in out.splitlines() if line.startswith(f"  {REJECTS}:")]
    assert len(rejected) == 1
    assert re.search(r"1 file\(s\), 175 rows, 1 rejected \(allowed 0\)", rejected[0])
