"""`frontline releases list` and `frontline releases show`: what a home's releases hold, read
from their manifests, the published one marked."""

from __future__ import annotations

import json

import pytest

from orchestration.cli import main
from orchestration.paths import FrontlinePaths
from orchestration.publish import publish_release

from .conftest import MARTS, SOURCES, add_row, passing_check


@pytest.fixture
def two_releases(paths: FrontlinePaths, monkeypatch) -> tuple[str, str]:
    first = publish_release(paths, MARTS, [passing_check()], SOURCES)
    add_row(paths.working_db)
    second = publish_release(paths, MARTS, [passing_check()], SOURCES)
    monkeypatch.setenv("FRONTLINE_HOME", str(paths.home))
    return first.release_id, second.release_id


def test_list_names_every_release_oldest_first_and_marks_the_published_one(two_releases, capsys):
    first, second = two_releases
    assert main(["releases", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[:2] for line in lines] == [[first, lines[0].split()[1]], ["*", second]]
    assert lines[0].startswith(f"  {first}") and "earlier" in lines[0]
    # rows counted from the manifests: the second release holds one row more
    manifests = [
        json.loads((FrontlinePaths.from_env().releases_dir / r / "manifest.json").read_text())
        for r in two_releases
    ]
    rows = [sum(m["row_count"] for m in manifest["marts"]) for manifest in manifests]
    assert rows[1] == rows[0] + 1
    assert f"{len(MARTS)} tables, {rows[1]:,} rows, 1/1 checks passed" in lines[1]


def test_show_describes_the_published_release_or_the_one_named(two_releases, capsys):
    first, second = two_releases
    assert main(["releases", "show"]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith(f"release {second}  (latest)\n")
    assert "checks:     1 of 1 passed" in shown and f"sources:    {len(SOURCES)} files" in shown
    assert main(["releases", "show", first]) == 0
    assert capsys.readouterr().out.startswith(f"release {first}\n")


def test_show_of_an_unknown_release_fails_in_one_line(two_releases, capsys):
    assert main(["releases", "show", "2020-01-01T00-00-00Z-00000000"]) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "no release '2020-01-01T00-00-00Z-00000000'" in error
    assert main(["releases", "show", "../../etc"]) == 1  # never a path outside the home


def test_list_on_a_new_home_says_there_is_none(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("FRONTLINE_HOME", str(tmp_path / "new"))
    assert main(["releases", "list"]) == 0
    assert "no releases yet" in capsys.readouterr().out


def test_diff_counts_the_rows_added_and_removed_per_table(two_releases, paths, capsys):
    first, second = two_releases
    assert main(["releases", "diff"]) == 0  # the release before the published one, to it
    shown = capsys.readouterr().out.splitlines()
    assert shown[:2] == [f"from {first}", f"  to {second}"]
    by_table = {line.split()[0]: line for line in shown if line.startswith("  marts.")}
    assert "changed" in by_table["marts.fct_indicator_value"]
    assert by_table["marts.fct_indicator_value"].endswith("0 rows removed, 1 added")
    assert "unchanged" in by_table["marts.dim_organisation"]
    assert "sources:" in shown and shown[shown.index("sources:") + 1] == "  no change"
    # the other way round, the row is removed; an id the home does not hold fails in one line
    assert main(["releases", "diff", second, first]) == 0
    assert "1 rows removed, 0 added" in capsys.readouterr().out
    assert main(["releases", "diff", "2020-01-01T00-00-00Z-00000000"]) == 1
    assert capsys.readouterr().err.count("\n") == 1
