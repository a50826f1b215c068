"""The dbt project as Dagster sees it, a manifest that is never stale, and the dbt CLI resource
that writes each build's artefacts and log under the run's home."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dagster_dbt import DbtCliInvocation, DbtCliResource, DbtProject

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
    parse_manifest(PROJECT_DIR / TARGET_PATH)
    return manifest


def parse_manifest(target_path: Path) -> Path:
    """`dbt parse` into ``target_path``. Its log goes there too, beside the manifest it made
    (dbt's default, logs/ in the checkout, would collect a log from every process)."""
    dbt = Path(sys.executable).with_name("dbt")
    result = subprocess.run(
        [
            str(dbt),
            "parse",
            "--quiet",
            "--project-dir",
            str(PROJECT_DIR),
            "--target-path",
            str(target_path),
            "--log-path",
            str(target_path),
        ],
        env={**os.environ, **DBT_ENV},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"dbt parse failed:\n{result.stdout}\n{result.stderr}")
    return target_path / "manifest.json"


def dbt_invocations_dir(home: Path) -> Path:
    """Where a home's dbt builds write their artefacts and logs, one folder per invocation."""
    return home / "dbt" / "target"


class FrontlineDbtResource(DbtCliResource):
    """The dbt CLI, writing each invocation's artefacts and dbt.log under the home
    (``invocations_dir``, <home>/dbt/target), not in the checkout's target/ and logs/.

    dagster-dbt gives every invocation its own folder (about 50 MB for a full build); only the
    newest ``keep_invocations`` are kept. Each new folder starts with the previous invocation's
    ``partial_parse.msgpack``, so dbt re-parses only what changed since (nothing, usually)
    instead of the whole project: dbt itself compares file hashes, vars, the profile and the
    environment variables the project reads, and parses in full when any differ.
    """

    invocations_dir: str
    keep_invocations: int = 2

    def cli(
        self,
        args: Sequence[str],
        *,
        context: Any = None,
        target_path: Path | None = None,
        **kwargs: Any,
    ) -> DbtCliInvocation:
        if target_path is None:
            root = Path(self.invocations_dir)
            prune_invocations(root, keep=self.keep_invocations - 1)
            # dagster-dbt's own name for the folder (<op>-<run id[:7]>-<uuid>), under the home
            target_path = root / self._get_unique_target_path(context=context).name
            reuse_partial_parse(root, target_path)
        return super().cli(args, context=context, target_path=target_path, **kwargs)


PARTIAL_PARSE = "partial_parse.msgpack"


def reuse_partial_parse(root: Path, target_path: Path) -> Path | None:
    """Copy the newest earlier invocation's parse state under ``root`` into ``target_path``."""
    earlier = sorted(
        (f for f in root.glob(f"*/{PARTIAL_PARSE}") if f.parent != target_path),
        key=lambda f: f.stat().st_mtime,
    )
    if not earlier:
        return None
    target_path.mkdir(parents=True, exist_ok=True)
    copied = target_path / PARTIAL_PARSE
    shutil.copyfile(earlier[-1], copied)
    return copied


def prune_invocations(root: Path, keep: int) -> list[Path]:
    """Remove all but the newest ``keep`` invocation folders under ``root``; returns the removed."""
    if not root.exists():
        return []
    folders = sorted(
        (path for path in root.iterdir() if path.is_dir()),
        key=lambda path: path.stat().st_mtime,
        reverse=True,
    )
    for folder in folders[keep:]:
        shutil.rmtree(folder, ignore_errors=True)
    return folders[keep:]
