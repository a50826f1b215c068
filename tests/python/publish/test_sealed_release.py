"""A release is one sealed unit: the published path resolves through `latest`, every file (the
database too) is checksummed, files are read-only, and a changed byte fails verification.

Issue 10, defect 4: opened read-write, the published database accepted a new table; being a hard
link into the release folder, the "immutable" release changed too, and ``sha256sum -c
SHA256SUMS`` still passed, since the database was not in it.
"""

from __future__ import annotations

import json
import logging
import os
import stat
import subprocess
from pathlib import Path

import duckdb
import pytest

from orchestration.paths import FrontlinePaths
from orchestration.publish import latest_release, publish_release
from orchestration.publish import release as release_module
from orchestration.publish.model import ReleaseVerificationError
from orchestration.publish.seal import verify_release

from .conftest import MARTS, SOURCES, add_row, passing_check, sha256


def sha256sum_check(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["sha256sum", "--quiet", "-c", "SHA256SUMS"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )


def release_id_in(db: Path) -> str:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("select release_id from main.release").fetchone()[0]


def writable(path: Path) -> None:
    """Root ignores mode bits; anyone else must lift the seal before tampering."""
    path.parent.chmod(0o755)
    path.chmod(0o644)


def test_the_published_paths_resolve_through_latest(paths: FrontlinePaths) -> None:
    release = publish_release(paths, MARTS, [passing_check()], SOURCES)

    releases = paths.releases_dir
    assert os.readlink(releases / "latest") == release.release_id
    assert os.readlink(paths.published_db) == "../releases/latest/frontline.duckdb"
    assert os.readlink(releases / "latest.json") == "latest/release.json"
    assert paths.published_db.resolve() == (release.folder / "frontline.duckdb").resolve()
    assert release_id_in(paths.published_db) == release.release_id
    assert json.loads((releases / "latest.json").read_text()) == {
        "release_id": release.release_id,
        "created_at": release.created_at,
        "content_sha256": release.content_sha256,
        "synthetic": False,
        "folder": release.release_id,
        "manifest": f"{release.release_id}/manifest.json",
    }

    # the next release moves all of them by moving latest alone
    add_row(paths.working_db)
    second = publish_release(paths, MARTS, [passing_check()], SOURCES)
    assert os.readlink(paths.published_db) == "../releases/latest/frontline.duckdb"
    assert release_id_in(paths.published_db) == second.release_id
    assert latest_release(paths)["release_id"] == second.release_id


def test_a_release_is_sealed_whole(paths: FrontlinePaths) -> None:
    release = publish_release(paths, MARTS, [passing_check()], SOURCES)

    listed = {
        line.split("  ", 1)[1]: line.split("  ", 1)[0]
        for line in (release.folder / "SHA256SUMS").read_text().splitlines()
    }
    on_disk = {
        p.relative_to(release.folder).as_posix()
        for p in release.folder.rglob("*")
        if p.is_file() and p.name != "SHA256SUMS"
    }
    assert set(listed) == on_disk
    assert {"frontline.duckdb", "manifest.json", "release.json", "LICENCE.txt"} <= on_disk
    assert listed["frontline.duckdb"] == sha256(release.folder / "frontline.duckdb")
    for path in [release.folder, *release.folder.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o555 if path.is_dir() else 0o444), path
    assert verify_release(release.folder) == len(on_disk)
    assert sha256sum_check(release.folder).returncode == 0


@pytest.mark.parametrize(
    "target", ["frontline.duckdb", "csv/fct_indicator_value.csv", "manifest.json"]
)
def test_a_changed_byte_fails_verification(paths: FrontlinePaths, target: str) -> None:
    release = publish_release(paths, MARTS, [passing_check()], SOURCES)
    path = release.folder / target
    writable(path)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))

    with pytest.raises(ReleaseVerificationError, match=f"{target}: sha256 expected") as raised:
        verify_release(release.folder)
    assert "\n" not in str(raised.value)
    assert sha256sum_check(release.folder).returncode != 0


def test_an_added_or_removed_file_fails_verification(paths: FrontlinePaths) -> None:
    release = publish_release(paths, MARTS, [passing_check()], SOURCES)
    release.folder.chmod(0o755)
    (release.folder / "extra.csv").write_text("x\n")
    with pytest.raises(ReleaseVerificationError, match="extra.csv: present, not listed"):
        verify_release(release.folder)
    (release.folder / "extra.csv").unlink()
    (release.folder / "LICENCE.txt").unlink()
    with pytest.raises(ReleaseVerificationError, match="LICENCE.txt: listed in SHA256SUMS, not"):
        verify_release(release.folder)


def test_writing_through_the_published_path_is_caught(paths: FrontlinePaths) -> None:
    """The reproduction: a new table written through the published path, as its owner could."""
    release = publish_release(paths, MARTS, [passing_check()], SOURCES)
    writable(release.folder / "frontline.duckdb")
    with duckdb.connect(str(paths.published_db)) as con:
        con.execute("create table main.sneaked_in as select 1 as x")
        con.execute("checkpoint")

    with pytest.raises(ReleaseVerificationError, match="frontline.duckdb: sha256 expected"):
        verify_release(release.folder)
    assert sha256sum_check(release.folder).returncode != 0


def test_a_release_that_fails_verification_never_becomes_latest(
    paths: FrontlinePaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = publish_release(paths, MARTS, [passing_check()], SOURCES)
    add_row(paths.working_db)
    real_seal = release_module.seal

    def seal_then_corrupt(folder: Path) -> None:  # a byte lost between writing and the switch
        with (folder / "csv/fct_indicator_value.csv").open("ab") as f:
            f.write(b"E99999999,2019-12,crime_rate,1,,1\n")
        real_seal(folder)

    monkeypatch.setattr(release_module, "seal", seal_then_corrupt)
    with pytest.raises(ReleaseVerificationError, match="csv/fct_indicator_value.csv"):
        publish_release(paths, MARTS, [passing_check()], SOURCES)
    assert latest_release(paths)["release_id"] == first.release_id
    assert release_id_in(paths.published_db) == first.release_id


def downgrade_to_earlier_layout(paths: FrontlinePaths, folder: Path) -> None:
    """What a home published before the seal looks like: the database a hard link in
    published/, a real latest.json, folders writable, the database not in SHA256SUMS."""
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir():
            path.chmod(0o755)
    pointer = (folder / "release.json").read_text()
    (folder / "release.json").unlink()
    sums = folder / "SHA256SUMS"
    sums.chmod(0o644)
    sums.write_text(
        "".join(
            line + "\n"
            for line in sums.read_text().splitlines()
            if not line.endswith(("  frontline.duckdb", "  release.json"))
        )
    )
    sums.chmod(0o444)
    paths.published_db.unlink()
    os.link(folder / "frontline.duckdb", paths.published_db)
    (paths.releases_dir / "latest.json").unlink()
    (paths.releases_dir / "latest.json").write_text(pointer)
    (paths.releases_dir / ".latest-history").unlink()


def test_a_home_from_the_earlier_layout_is_migrated(
    paths: FrontlinePaths, caplog: pytest.LogCaptureFixture
) -> None:
    old = publish_release(paths, MARTS, [passing_check()], SOURCES)
    downgrade_to_earlier_layout(paths, old.folder)
    assert latest_release(paths)["release_id"] == old.release_id
    held = duckdb.connect(str(paths.published_db), read_only=True)  # a reader on the old file
    try:
        add_row(paths.working_db)
        with caplog.at_level(logging.INFO, logger="orchestration.publish.latest"):
            new = publish_release(paths, MARTS, [passing_check()], SOURCES)
        assert held.execute("select release_id from main.release").fetchone()[0] == old.release_id
        assert held.execute("select count(*) from marts.fct_indicator_value").fetchone()[0] == 4
    finally:
        held.close()

    assert os.readlink(paths.published_db) == "../releases/latest/frontline.duckdb"
    assert os.readlink(paths.releases_dir / "latest.json") == "latest/release.json"
    assert release_id_in(paths.published_db) == latest_release(paths)["release_id"]
    assert new.release_id == latest_release(paths)["release_id"]
    assert "migrated from the earlier layout" in caplog.text
    assert new.links_migrated == (
        str(paths.published_db),
        str(paths.releases_dir / "latest.json"),
    )
    # the old release is kept (it was published), not taken for an orphan
    assert old.folder.is_dir() and new.orphans_removed == ()
    assert (paths.releases_dir / ".latest-history").read_text().split() == sorted(
        [old.release_id, new.release_id]
    )
