"""The dbt project as Dagster sees it, and a manifest that is never stale."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from dagster_dbt import DbtProject

from orchestration.paths import PROJECT_DIR

DBT_ENV = {"DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "DBT_PROFILES_DIR": str(PROJECT_DIR)}

# FRONTLINE_DBT_TARGET_PATH lets two checkouts' worth of work (say, two developers' runs on one
# machine) parse into separate folders; dbt's default is target/.
TARGET_PATH = Path(os.environ.get("FRONTLINE_DBT_TARGET_PATH", "target"))
dbt_project = DbtProject(project_dir=PROJECT_DIR, profiles_dir=PROJECT_DIR, target_path=TARGET_PATH)

# What a change to should re-parse the manifest.
_PROJECT_INPUTS = ("dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "tests/dbt")


def _newest_input_mtime() -> float:
    newest = 0.0
    for name in _PROJECT_INPUTS:
        path = PROJECT_DIR / name
        files = [path] if path.is_file() else path.rglob("*")
        for file in files:
            if file.is_file():
                newest = max(newest, file.stat().st_mtime)
    return newest


def ensure_manifest() -> Path:
    """Run `dbt parse` when target/manifest.json is missing or older than the project files.

    `DbtProject.prepare_if_dev()` only does this under `dagster dev`; the CLI and tests need it too.
    """
    manifest = dbt_project.manifest_path
    if manifest.exists() and manifest.stat().st_mtime >= _newest_input_mtime():
        return manifest
    dbt = Path(sys.executable).with_name("dbt")
    result = subprocess.run(
        [
            str(dbt),
            "parse",
            "--quiet",
            "--project-dir",
            str(PROJECT_DIR),
            "--target-path",
            str(TARGET_PATH),
        ],
        env={**os.environ, **DBT_ENV},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"dbt parse failed:\n{result.stdout}\n{result.stderr}")
    return manifest
