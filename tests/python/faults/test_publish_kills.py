"""A publish killed at each of its steps in turn leaves the previous release whole and consistent,
and the next publish succeeds.

A driver process runs ``publish_release`` with every step another process could see counted
(``os.rename``, ``os.replace``, ``os.symlink``, ``os.chmod`` (the seal), ``shutil.rmtree``
(pruning) and ``verify_release``) and SIGKILLs itself just before the n-th. The test lists the
steps of a complete run, then kills a run before each of them (inside a run of identical calls,
such as the seal's chmods, before the first and the last). After each kill: ``latest``, the
published database and the release metadata name the same release; that is the previous release,
byte for byte, unless the kill came after the switch, in which case it is the new release,
verified whole; the previous release folder is unchanged. Then a publish in the test's own process
must succeed and leave no leftovers. Run on a home in the current layout and on one from before
the seal, migrated by the killed publish or the one after it (during that one migration a real
``latest.json`` may lag ``latest`` until the next step; ``latest_release`` reads through
``latest``).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from orchestration.paths import PROJECT_DIR, FrontlinePaths
from orchestration.publish import latest_release, publish_release
from orchestration.publish.seal import verify_release

MARTS = ["marts.rpt_education_ks2_school_results"]
KEEP = 2

DRIVER = textwrap.dedent(
    """
    import json, os, shutil, signal, sys
    from pathlib import Path
    from orchestration.paths import FrontlinePaths
    from orchestration.publish import release

    home, kill_at, keep = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    calls = []

    def count(owner, name):
        real = getattr(owner, name)

        def step(*args, **kwargs):
            calls.append(name)
            if len(calls) == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)

        setattr(owner, name, step)

    for name in ("rename", "replace", "symlink", "chmod"):
        count(os, name)
    count(shutil, "rmtree")
    count(release, "verify_release")
    release.publish_release(FrontlinePaths(home=home), json.loads(sys.argv[4]), [], [],
                            keep_releases=keep)
    print(json.dumps(calls))
    """
)


def make_working_db(path: Path) -> None:
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        con.execute(f"create table {MARTS[0]} (urn bigint, school_name varchar)")
        con.execute(f'insert into {MARTS[0]} values (1, \'=HYPERLINK("http://x","y")\')')


def add_school(path: Path, urn: int) -> None:
    with duckdb.connect(str(path)) as con:
        con.execute(f"insert into {MARTS[0]} values (?, 'School ' || ?)", [urn, urn])


def release_id_in(db: Path) -> str:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("select release_id from main.release").fetchone()[0]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def digest(root: Path) -> dict[str, str]:
    """Every entry under root (links as their target) with the sha256 of its bytes."""
    found = {}
    for path in sorted([root, *root.rglob("*")]):
        if path.is_symlink():
            found[str(path)] = "-> " + os.readlink(path)
        elif path.is_file():
            found[str(path)] = sha256(path)
    return found


def published_names(paths: FrontlinePaths) -> tuple[str, str, str]:
    """What latest, the published database and the release metadata each say is published."""
    latest = os.readlink(paths.releases_dir / "latest")
    return latest, release_id_in(paths.published_db), latest_release(paths)["release_id"]


def downgrade_to_earlier_layout(paths: FrontlinePaths) -> None:
    """The home as publishes before the seal left it: the published database a hard link to the
    release's, a real latest.json, folders writable, no release.json, no history."""
    folder = (paths.releases_dir / "latest").resolve()
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir():
            path.chmod(0o755)
    pointer = (folder / "release.json").read_text()
    (folder / "release.json").unlink()
    paths.published_db.unlink()
    os.link(folder / "frontline.duckdb", paths.published_db)
    (paths.releases_dir / "latest.json").unlink()
    (paths.releases_dir / "latest.json").write_text(pointer)
    (paths.releases_dir / ".latest-history").unlink()


def kill_at(paths: FrontlinePaths, n: int) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", DRIVER, str(paths.home), str(n), str(KEEP), json.dumps(MARTS)],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def assert_no_leftovers(paths: FrontlinePaths) -> None:
    assert not [p for p in paths.releases_dir.iterdir() if p.name.startswith(".tmp-")]
    assert not [p for p in paths.published_db.parent.iterdir() if p.name != "frontline.duckdb"]
    history = set((paths.releases_dir / ".latest-history").read_text().split())
    for folder in paths.releases_dir.iterdir():
        if folder.is_dir() and not folder.is_symlink():
            assert folder.name in history, f"{folder.name} was never latest, yet kept"


@pytest.mark.parametrize("layout", ["sealed", "earlier"])
def test_a_kill_at_each_publish_step_leaves_a_consistent_release(
    tmp_path: Path, layout: str
) -> None:
    template = FrontlinePaths(home=tmp_path / "template")
    template.home.mkdir()
    make_working_db(template.working_db)
    for _ in range(2):  # two releases, so that the killed publish also prunes
        publish_release(template, MARTS, [], [], keep_releases=KEEP)
    add_school(template.working_db, 2)
    if layout == "earlier":
        downgrade_to_earlier_layout(template)

    counted = FrontlinePaths(home=tmp_path / "counted")
    shutil.copytree(template.home, counted.home, symlinks=True)
    done = kill_at(counted, 0)  # a publish run to its end, listing its steps
    assert done.returncode == 0, done.stderr
    steps = json.loads(done.stdout)
    assert {"rename", "replace", "symlink", "chmod", "rmtree", "verify_release"} <= set(steps)

    for n in kill_points(steps):
        paths = FrontlinePaths(home=tmp_path / f"kill-{n}")
        shutil.copytree(template.home, paths.home, symlinks=True)
        previous = os.readlink(paths.releases_dir / "latest")
        previous_folder = digest(paths.releases_dir / previous)
        before = {"database": sha256(paths.published_db), "latest": previous}

        done = kill_at(paths, n)
        assert done.returncode == -signal.SIGKILL, f"kill {n} ({steps[n - 1]}): {done.stderr}"

        latest, in_database, in_metadata = published_names(paths)
        assert latest == in_database == in_metadata, f"kill {n}: pointers disagree"
        assert digest(paths.releases_dir / previous) == previous_folder, f"kill {n}"
        if latest == previous:
            now = {"database": sha256(paths.published_db), "latest": latest}
            assert now == before, f"kill {n}: the published release changed"
        else:  # killed after the switch: the new release is published, and whole
            verify_release(paths.releases_dir / latest)
        if layout == "sealed" or (paths.releases_dir / "latest.json").is_symlink():
            said = json.loads((paths.releases_dir / "latest.json").read_text())
            assert said["release_id"] == latest, f"kill {n}"

        add_school(paths.working_db, 100 + n)
        after = publish_release(paths, MARTS, [], [], keep_releases=KEEP)
        assert published_names(paths) == (after.release_id,) * 3, f"kill {n}"
        assert os.readlink(paths.published_db) == "../releases/latest/frontline.duckdb"
        assert os.readlink(paths.releases_dir / "latest.json") == "latest/release.json"
        verify_release(after.folder)
        assert_no_leftovers(paths)
        shutil.rmtree(paths.home)


def kill_points(steps: list[str]) -> list[int]:
    """Before each step (1-based), except inside a run of the same call (the seal's chmods): its
    first and last stand for the rest."""
    return [
        n
        for n in range(1, len(steps) + 1)
        if not (1 < n < len(steps) and steps[n - 2] == steps[n - 1] == steps[n])
    ]
