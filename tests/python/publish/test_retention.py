"""Old releases are pruned after a publish, never the latest one."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

import pytest

from orchestration.paths import FrontlinePaths
from orchestration.publish import publish_release
from orchestration.publish import release as release_module
from orchestration.publish.retention import prune_releases

from .conftest import MARTS, SOURCES, add_row, passing_check


def _folders(paths: FrontlinePaths) -> list[str]:
    return sorted(p.name for p in paths.releases_dir.iterdir() if p.is_dir() and not p.is_symlink())


def test_publish_keeps_only_the_newest_releases(paths: FrontlinePaths) -> None:
    published = []
    for _ in range(3):
        published.append(publish_release(paths, MARTS, [passing_check()], SOURCES, keep_releases=2))
        add_row(paths.working_db)

    assert _folders(paths) == sorted(r.release_id for r in published[1:])
    assert (paths.releases_dir / "latest").resolve().name == published[-1].release_id
    assert paths.published_db.exists()  # the published database is the latest's, untouched


def test_pruning_never_removes_the_latest_release(paths: FrontlinePaths) -> None:
    first = publish_release(paths, MARTS, [passing_check()], SOURCES)
    add_row(paths.working_db)
    second = publish_release(paths, MARTS, [passing_check()], SOURCES)
    # point latest back at the older release, as an operator rolling back would
    link = paths.releases_dir / "latest"
    link.unlink()
    link.symlink_to(first.release_id)

    removed = prune_releases(paths, keep=1)

    assert removed == []  # the newest is kept by count, the older one because it is latest
    assert _folders(paths) == sorted([first.release_id, second.release_id])
    with pytest.raises(ValueError, match="at least 1"):
        prune_releases(paths, keep=0)


def test_releases_made_within_one_second_are_pruned_oldest_first(
    paths: FrontlinePaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ids made in the same second differ only by content hash (or a reused '-2' suffix), so
    name order is not age order: the oldest must still go first."""

    class FrozenClock(datetime):
        @classmethod
        def now(cls, tz: tzinfo | None = None) -> datetime:
            return datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)

    monkeypatch.setattr(release_module, "datetime", FrozenClock)
    published = []
    for _ in range(4):
        published.append(publish_release(paths, MARTS, [passing_check()], SOURCES, keep_releases=1))
        assert _folders(paths) == [published[-1].release_id]
        assert (paths.releases_dir / "latest").resolve().name == published[-1].release_id
