"""dbt re-parses only what changed: each invocation folder of a home starts with the previous
invocation's parse state (orchestration/transform/project.py), which dbt checks itself."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from orchestration.paths import PROJECT_DIR
from orchestration.transform.project import (
    PARTIAL_PARSE,
    FrontlineDbtResource,
    dbt_project,
    ensure_manifest,
    reuse_partial_parse,
)


def test_the_newest_earlier_parse_state_is_copied(tmp_path: Path):
    root = tmp_path / "target"
    for age, name in enumerate(["older", "newer"]):
        folder = root / name
        folder.mkdir(parents=True)
        (folder / PARTIAL_PARSE).write_text(name)
        os.utime(folder / PARTIAL_PARSE, (1_000 + age, 1_000 + age))
    copied = reuse_partial_parse(root, root / "next")
    assert copied is not None and copied.read_text() == "newer"
    assert reuse_partial_parse(tmp_path / "empty", tmp_path / "empty" / "next") is None


def test_an_invocation_after_a_parse_skips_parsing_an_unchanged_project(tmp_path):
    """The suite's own parse of target/ (tests/python/conftest.py, same environment) stands in
    for a home's earlier invocation; a full parse would log no 'Partial parsing' line."""
    earlier = tmp_path / "target" / "earlier"
    earlier.mkdir(parents=True)
    (earlier / PARTIAL_PARSE).write_bytes((ensure_manifest().parent / PARTIAL_PARSE).read_bytes())
    dbt = FrontlineDbtResource(
        project_dir=dbt_project,
        profiles_dir=str(PROJECT_DIR),
        dbt_executable=str(Path(sys.executable).with_name("dbt")),
        invocations_dir=str(tmp_path / "target"),
    )
    invocation = dbt.cli(["parse"], raise_on_error=True).wait()
    log = (invocation.target_path / "dbt.log").read_text()
    assert "Partial parsing enabled, no changes found, skipping parsing" in log
