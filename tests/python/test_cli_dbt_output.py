"""dbt writes a run's output under the home, never in the checkout: each invocation's artefacts
and dbt.log in <home>/dbt/target/<invocation> (older invocation folders pruned), and the parse
that makes the code location's manifest keeps its log beside that manifest, not in logs/."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from orchestration.definitions import build_definitions
from orchestration.paths import PROJECT_DIR, FrontlinePaths
from orchestration.transform.project import parse_manifest


def checkout_output() -> dict[str, object]:
    """What dbt used to leave in the checkout: invocation folders in target/, logs/dbt.log."""
    target = PROJECT_DIR / "target"
    log = PROJECT_DIR / "logs" / "dbt.log"
    return {
        "target folders": sorted(p.name for p in target.iterdir() if p.is_dir())
        if target.exists()
        else [],
        "logs/dbt.log": (log.stat().st_size, log.stat().st_mtime_ns) if log.exists() else None,
    }


@pytest.fixture
def home(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("FRONTLINE_WORKING_DB", str(tmp_path / "home" / "warehouse.duckdb"))
    return tmp_path / "home"


def test_a_dbt_invocation_writes_under_the_home_and_prunes_old_ones(home):
    invocations = home / "dbt" / "target"
    for age, name in enumerate(["old-3", "old-2", "old-1"]):  # old-1 the newest
        (invocations / name).mkdir(parents=True)
        os.utime(invocations / name, (1_000_000 + age, 1_000_000 + age))
    dbt = build_definitions(FrontlinePaths(home=home)).resources["dbt"]
    before = checkout_output()

    invocation = dbt.cli(["parse", "--quiet"], raise_on_error=True)
    invocation.wait()

    assert checkout_output() == before
    assert invocation.target_path.parent == invocations
    assert (invocation.target_path / "manifest.json").is_file()
    assert (invocation.target_path / "dbt.log").is_file()
    # two kept: the newest older one and this one
    assert sorted(p.name for p in invocations.iterdir()) == sorted(
        ["old-1", invocation.target_path.name]
    )


def test_the_manifest_parse_keeps_its_log_beside_the_manifest(tmp_path):
    before = checkout_output()

    manifest = parse_manifest(tmp_path / "target")

    assert checkout_output() == before
    assert manifest == tmp_path / "target" / "manifest.json" and manifest.is_file()
    assert (tmp_path / "target" / "dbt.log").is_file()
