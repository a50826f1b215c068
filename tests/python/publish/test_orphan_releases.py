"""What an interrupted publish leaves is cleaned by the next one; nothing once published is."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

from orchestration.paths import PROJECT_DIR, FrontlinePaths
from orchestration.publish import SourceFile, latest_release, publish_release
from orchestration.publish import latest as latest_module

from .conftest import MARTS, SOURCES, add_row, make_working_db, passing_check


def folders(paths: FrontlinePaths) -> set[str]:
    return {
        p.name
        for p in paths.releases_dir.iterdir()
        if p.is_dir() and not p.is_symlink() and not p.name.startswith(".")
    }


def publish_without_switch(paths: FrontlinePaths, monkeypatch: pytest.MonkeyPatch) -> str:
    """A publish that stops after its sealed folder appeared, as a kill there would."""

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    before = folders(paths)
    with monkeypatch.context() as m:
        m.setattr(latest_module, "switch_latest", interrupted)
        with pytest.raises(KeyboardInterrupt):
            publish_release(paths, MARTS, [passing_check()], SOURCES)
    [orphan] = folders(paths) - before
    return orphan


def test_a_release_latest_never_pointed_to_is_removed_by_the_next_publish(
    paths: FrontlinePaths, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    first = publish_release(paths, MARTS, [passing_check()], SOURCES)
    add_row(paths.working_db)
    orphan = publish_without_switch(paths, monkeypatch)
    assert latest_release(paths)["release_id"] == first.release_id
    assert orphan in folders(paths)

    with caplog.at_level(logging.WARNING, logger="orchestration.publish.retention"):
        second = publish_release(paths, MARTS, [passing_check()], SOURCES)

    assert second.orphans_removed == (orphan,)
    assert f"removed release folder {orphan}: complete but never published" in caplog.text
    assert folders(paths) == {first.release_id, second.release_id}
    assert not list(paths.releases_dir.glob(".tmp-*"))


def test_a_synthetic_release_is_not_an_orphan(
    paths: FrontlinePaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = publish_release(paths, MARTS, [passing_check()], SOURCES)
    generated = SourceFile("data/x.csv", "2" * 64, "Nobody", "Generated", "OGL", synthetic=True)
    synthetic = publish_release(paths, MARTS, [passing_check()], [generated])
    orphan = publish_without_switch(paths, monkeypatch)
    # any next publish, synthetic or not, removes the orphan and keeps the synthetic release
    again = publish_release(paths, MARTS, [passing_check()], [generated])
    assert again.orphans_removed == (orphan,)
    assert folders(paths) == {first.release_id, synthetic.release_id, again.release_id}
    assert latest_release(paths)["release_id"] == first.release_id


def test_a_release_that_was_latest_is_never_taken_for_an_orphan(paths: FrontlinePaths) -> None:
    first = publish_release(paths, MARTS, [passing_check()], SOURCES)
    add_row(paths.working_db)
    second = publish_release(paths, MARTS, [passing_check()], SOURCES)
    # an operator rolls back: latest names the first release again
    link = paths.releases_dir / "latest"
    link.unlink()
    link.symlink_to(first.release_id)
    third = publish_release(paths, MARTS, [passing_check()], SOURCES)
    assert third.orphans_removed == ()
    assert folders(paths) == {first.release_id, second.release_id, third.release_id}


AS_OWNER = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    import duckdb
    from orchestration.paths import FrontlinePaths
    from orchestration.publish import publish_release
    from orchestration.publish import latest as latest_module

    # the interpreter may live where only root can read it: start as root, import, then drop
    os.setgroups([])
    os.setgid(int(sys.argv[2]))
    os.setuid(int(sys.argv[2]))
    home = Path(sys.argv[1])
    paths = FrontlinePaths(home=home)
    marts = ["marts.fct_indicator_value", "marts.dim_organisation"]
    published = [publish_release(paths, marts, [], [], keep_releases=1) for _ in range(2)]

    # a killed publish's sealed staging folder, then an orphan: both read-only
    real = latest_module.switch_latest
    latest_module.switch_latest = lambda *a: (_ for _ in ()).throw(KeyboardInterrupt)
    try:
        publish_release(paths, marts, [], [])
    except KeyboardInterrupt:
        pass
    latest_module.switch_latest = real
    staging = paths.releases_dir / ".tmp-left-by-a-kill"
    (staging / "csv").mkdir(parents=True)
    (staging / "csv" / "x.csv").write_text("x")
    for p in (staging / "csv" / "x.csv", staging / "csv", staging):
        p.chmod(0o444 if p.is_file() else 0o555)
    last = publish_release(paths, marts, [], [], keep_releases=1)

    names = sorted(p.name for p in paths.releases_dir.iterdir())
    print("releases", names)
    print("orphans", len(last.orphans_removed), "pruned", len(last.pruned))
    with duckdb.connect(str(paths.published_db), read_only=True) as con:
        rows = con.execute("select count(*) from marts.fct_indicator_value").fetchone()[0]
        print("read-only open: rows", rows)
    try:
        duckdb.connect(str(paths.published_db)).close()
        print("read-write open: allowed")
    except duckdb.Error as error:
        print("read-write open: refused", type(error).__name__)
    try:
        (last.folder / "added.txt").write_text("x")
        print("add a file: allowed")
    except PermissionError:
        print("add a file: refused")
    """
)


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to run a publish as another user")
def test_sealed_folders_refuse_their_owner_and_are_still_pruned(tmp_path: Path) -> None:
    """As an ordinary user (root ignores mode bits): the seal refuses a read-write open and a
    new file, and pruning and cleanup still remove read-only folders."""
    owner = 65534  # nobody
    root = Path(tempfile.mkdtemp(prefix="frontline-owner-"))
    try:
        root.chmod(0o755)
        home = root / "home"
        home.mkdir()
        make_working_db(home / "warehouse.duckdb")
        for path in [home, *home.rglob("*")]:
            os.chown(path, owner, owner)
        done = subprocess.run(
            [sys.executable, "-c", AS_OWNER, str(home), str(owner)],
            cwd=PROJECT_DIR,
            env={**os.environ, "HOME": str(root), "PYTHONDONTWRITEBYTECODE": "1"},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        lines = done.stdout.splitlines()
        assert "orphans 1 pruned 1" in lines
        releases = next(line for line in lines if line.startswith("releases"))
        assert ".tmp-" not in releases and releases.count("Z-") == 1
        assert "read-only open: rows 4" in lines
        assert "read-write open: refused IOException" in lines
        assert "add a file: refused" in lines
    finally:
        subprocess.run(["rm", "-rf", str(root)], check=True)
