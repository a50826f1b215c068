"""Suite-wide setup.

The suite runs on two pytest-xdist workers (`-n 2 --dist loadgroup` in pyproject.toml): the
pipeline tests, which share a few full runs of the main job, stay together on one worker (group
"pipeline") while the other worker takes every other test. `-n 0` runs in one process.
"""

from __future__ import annotations

from pathlib import Path

import pytest

PIPELINE_DIR = Path(__file__).resolve().parent / "pipeline"


def pytest_configure(config: pytest.Config) -> None:
    # Parse the dbt manifest once, in the controller, before the workers import the code
    # location: two workers parsing into the same target/ at once would race.
    if not hasattr(config, "workerinput"):
        from orchestration.transform.project import ensure_manifest

        ensure_manifest()


def pytest_itemcollected(item: pytest.Item) -> None:
    # Marked as each item is collected, before xdist reads the group marks on the workers.
    if PIPELINE_DIR in Path(item.fspath).parents:
        item.add_marker(pytest.mark.xdist_group("pipeline"))
