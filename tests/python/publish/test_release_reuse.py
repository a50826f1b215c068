"""A mart whose content has not changed since the latest release reuses that release's files (a
hard link, checked against the recorded sha256); a changed mart, or a doubtful file, is exported
afresh, and every release stays complete on its own."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

from orchestration.paths import FrontlinePaths
from orchestration.publish import publish_release
from orchestration.publish.seal import verify_release

from .conftest import MARTS, add_row, passing_check, sha256

FACT_CSV, ORGANISATIONS_CSV = "csv/fct_indicator_value.csv", "csv/dim_organisation.csv"


def _manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text())


def _inode(path: Path) -> int:
    return path.stat().st_ino


def test_unchanged_marts_are_linked_and_changed_ones_written(paths: FrontlinePaths) -> None:
    first = publish_release(paths, MARTS, [passing_check()], [])
    add_row(paths.working_db)  # the fact changes; the organisations do not
    second = publish_release(paths, MARTS, [passing_check()], [])

    assert _inode(second.folder / ORGANISATIONS_CSV) == _inode(first.folder / ORGANISATIONS_CSV)
    assert _inode(second.folder / FACT_CSV) != _inode(first.folder / FACT_CSV)
    assert sha256(second.folder / FACT_CSV) != sha256(first.folder / FACT_CSV)
    # each release is whole on its own: its checksums hold, and deleting the first leaves the
    # second's linked files in place
    verify_release(second.folder)
    for folder, _, _ in os.walk(first.folder):
        os.chmod(folder, stat.S_IRWXU)
    shutil.rmtree(first.folder)
    verify_release(second.folder)
    marts = {m["table"]: m for m in _manifest(second.folder)["marts"]}
    assert marts["marts.dim_organisation"]["row_count"] == 2
    assert marts["marts.fct_indicator_value"]["row_count"] == 5


def test_the_same_content_gives_the_same_fingerprint_and_a_change_another(
    paths: FrontlinePaths,
) -> None:
    first = publish_release(paths, MARTS, [passing_check()], [])
    second = publish_release(paths, MARTS, [passing_check()], [])
    add_row(paths.working_db)
    third = publish_release(paths, MARTS, [passing_check()], [])

    def fingerprints(folder: Path) -> dict[str, str]:
        return {m["table"]: m["content_fingerprint"] for m in _manifest(folder)["marts"]}

    assert fingerprints(first.folder) == fingerprints(second.folder)
    changed = {
        table
        for table, fingerprint in fingerprints(third.folder).items()
        if fingerprints(second.folder)[table] != fingerprint
    }
    assert changed == {"marts.fct_indicator_value"}
    # the reused entry keeps what the export said of the file's content
    assert _manifest(second.folder)["marts"] == _manifest(first.folder)["marts"]


def test_a_file_that_no_longer_matches_its_sha256_is_not_reused(paths: FrontlinePaths) -> None:
    first = publish_release(paths, MARTS, [passing_check()], [])
    tampered = first.folder / ORGANISATIONS_CSV
    os.chmod(tampered.parent, stat.S_IRWXU)
    os.chmod(tampered, stat.S_IRUSR | stat.S_IWUSR)
    tampered.write_bytes(tampered.read_bytes() + b"tampered\n")

    second = publish_release(paths, MARTS, [passing_check()], [])
    assert _inode(second.folder / ORGANISATIONS_CSV) != _inode(tampered)
    assert not (second.folder / ORGANISATIONS_CSV).read_bytes().endswith(b"tampered\n")
    verify_release(second.folder)
