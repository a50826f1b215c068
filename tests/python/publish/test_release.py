"""Publication: a release folder, the published database, `latest`, and what a failure leaves."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from orchestration.paths import PROJECT_DIR, FrontlinePaths
from orchestration.publish import (
    CheckOutcome,
    PublicationBlocked,
    PublicationError,
    latest_release,
    publish_release,
)

from .conftest import MARTS, SOURCES, add_row, passing_check, sha256, snapshot

RELEASE_ID = re.compile(r"^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ-[0-9a-f]{8}(-\d+)?$")


def table_rows(db: Path, table: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(f"select * from {table} order by all").fetchall()
    finally:
        con.close()


def column_names(db: Path, table: str) -> list[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return [d[0] for d in con.execute(f"select * from {table} limit 0").description]
    finally:
        con.close()


def published_state(paths: FrontlinePaths, folder: Path) -> dict[str, str]:
    return snapshot(
        folder,
        paths.published_db,
        paths.releases_dir / "latest",
        paths.releases_dir / "latest.json",
    )


def test_publish_writes_a_release_that_matches_the_working_marts(paths: FrontlinePaths) -> None:
    release = publish_release(paths, MARTS, [passing_check()], SOURCES)

    assert RELEASE_ID.match(release.release_id)
    assert release.folder == paths.releases_dir / release.release_id
    manifest = json.loads((release.folder / "manifest.json").read_text())
    assert manifest == json.loads(json.dumps(release.manifest))
    assert manifest["release_id"] == release.release_id
    assert manifest["synthetic"] is False
    assert manifest["content_sha256"] == release.content_sha256

    con = duckdb.connect()
    for mart in manifest["marts"]:
        table = mart["table"]
        expected = table_rows(paths.working_db, table)
        assert mart["row_count"] == len(expected)
        assert [c["name"] for c in mart["columns"]] == column_names(paths.working_db, table)
        files = {f["format"]: f for f in mart["files"]}
        for f in files.values():
            path = release.folder / f["path"]
            assert f["sha256"] == sha256(path)
            assert f["bytes"] == path.stat().st_size
        types = ", ".join(f"'{c['name']}': '{c['type']}'" for c in mart["columns"])
        csv_rows = con.execute(
            f"select * from read_csv('{release.folder / files['csv']['path']}', header = true, "
            f"columns = {{{types}}}, nullstr = '', allow_quoted_nulls = false)"
        ).fetchall()
        assert csv_rows == expected  # same rows, in order by all columns
        parquet_rows = con.execute(
            f"select * from read_parquet('{release.folder / files['parquet']['path']}')"
        ).fetchall()
        assert parquet_rows == expected

    # NULL is an empty field, an empty string is quoted
    csv_text = (release.folder / "csv/fct_indicator_value.csv").read_text(encoding="utf-8")
    assert csv_text.splitlines()[0] == (  # behind the UTF-8 byte-order mark
        "\ufefforganisation_code,period,indicator_code,value,status,numerator"
    )
    assert "E23000001,2018-12,crime_rate,,x,\n" in csv_text
    assert 'E23000003,2019-12,crime_rate,0.1,"",3\n' in csv_text

    pairs = sorted((f["path"], f["sha256"]) for m in manifest["marts"] for f in m["files"])
    listing = "".join(f"{digest}  {path}\n" for path, digest in pairs)
    assert manifest["content_sha256"] == hashlib.sha256(listing.encode()).hexdigest()
    assert release.release_id.endswith(release.content_sha256[:8])

    assert "Open Government Licence v3.0" in manifest["licence"]
    assert "mySociety" in manifest["licence"] and "CC BY 4.0" in manifest["licence"]
    assert [s["publisher"] for s in manifest["sources"]] == [s.publisher for s in SOURCES]
    assert manifest["checks"][0]["name"] == "ge_fct_indicator_value"

    for line in (release.folder / "SHA256SUMS").read_text().splitlines():
        digest, rel = line.split("  ")
        assert sha256(release.folder / rel) == digest

    latest = paths.releases_dir / "latest"
    assert latest.is_symlink() and latest.resolve() == release.folder.resolve()
    assert latest_release(paths)["release_id"] == release.release_id

    for table in MARTS:
        assert table_rows(paths.published_db, table) == table_rows(paths.working_db, table)
    [(release_id, created_at, content_sha256, version, synthetic)] = table_rows(
        paths.published_db, "main.release"
    )
    assert (release_id, content_sha256, synthetic) == (
        release.release_id,
        release.content_sha256,
        False,
    )
    assert created_at.strftime("%Y-%m-%dT%H:%M:%SZ") == manifest["created_at"]
    assert os.path.samefile(paths.published_db, release.folder / "frontline.duckdb")
    assert not list(paths.releases_dir.glob(".tmp-*"))


def test_a_failed_blocking_check_blocks_and_changes_nothing(paths: FrontlinePaths) -> None:
    first = publish_release(paths, MARTS, [passing_check()], SOURCES)
    before = snapshot(paths.releases_dir, paths.published_db.parent)
    add_row(paths.working_db)
    failed = CheckOutcome(
        name="ge_fct_indicator_value",
        asset="marts.fct_indicator_value",
        passed=False,
        blocking=True,
        failing_row_count=2,
        sample_failing_rows=[{"value": None}],
    )
    with pytest.raises(PublicationBlocked, match="ge_fct_indicator_value") as raised:
        publish_release(paths, MARTS, [passing_check("other"), failed], SOURCES)
    assert "\n" not in str(raised.value)
    assert "other" not in str(raised.value)

    assert snapshot(paths.releases_dir, paths.published_db.parent) == before
    assert latest_release(paths)["release_id"] == first.release_id


def test_a_failed_non_blocking_check_is_recorded_not_blocking(paths: FrontlinePaths) -> None:
    warning = CheckOutcome(
        name="suppression_rate",
        asset="marts.fct_indicator_value",
        passed=False,
        blocking=False,
        severity="WARN",
        failing_row_count=1,
        sample_failing_rows=[{"value": float("nan")}],
    )
    release = publish_release(paths, MARTS, [warning], SOURCES, synthetic=True)
    manifest = json.loads((release.folder / "manifest.json").read_text())
    assert manifest["checks"][0]["passed"] is False
    assert manifest["checks"][0]["sample_failing_rows"] == [{"value": None}]
    assert manifest["synthetic"] is True


def test_bad_requests_are_refused_before_anything_is_written(paths: FrontlinePaths) -> None:
    with pytest.raises(PublicationError, match="marts.nope"):
        publish_release(paths, ["marts.nope"], [], SOURCES)
    with pytest.raises(PublicationError, match="schema.table"):
        publish_release(paths, ["fct_indicator_value"], [], SOURCES)
    assert not paths.published_db.exists()
    assert not (paths.releases_dir / "latest").exists()


@pytest.mark.parametrize(
    "step",
    [
        "orchestration.publish.export._export_parquet",
        "orchestration.publish.export.write_release_table",
        "orchestration.publish.release.write_sha256sums",
        "orchestration.publish.release.verify_release",
        "orchestration.publish.latest.switch_latest",
    ],
)
def test_a_failure_midway_leaves_the_previous_release_whole(
    paths: FrontlinePaths, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    first = publish_release(paths, MARTS, [passing_check()], SOURCES)
    before = published_state(paths, first.folder)
    add_row(paths.working_db)

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError(f"disk full during {step}")

    with monkeypatch.context() as m:
        m.setattr(step, boom)
        with pytest.raises(OSError, match="disk full"):
            publish_release(paths, MARTS, [passing_check()], SOURCES)

    assert published_state(paths, first.folder) == before
    assert table_rows(paths.published_db, "main.release")[0][0] == first.release_id
    assert len(table_rows(paths.published_db, MARTS[0])) == 4

    second = publish_release(paths, MARTS, [passing_check()], SOURCES)
    assert latest_release(paths)["release_id"] == second.release_id
    assert len(table_rows(paths.published_db, MARTS[0])) == 5
    assert not list(paths.releases_dir.glob(".tmp-*"))
    assert not list(paths.published_db.parent.glob(".*tmp-*"))
    assert snapshot(first.folder) == {
        k: v for k, v in before.items() if k.startswith(str(first.folder))
    }


KILLER = textwrap.dedent(
    """
    import importlib, os, signal, sys
    from pathlib import Path
    from orchestration.paths import FrontlinePaths
    from orchestration.publish import release

    module, step = sys.argv[2].rsplit(".", 1)
    owner = importlib.import_module(module)
    real = getattr(owner, step)

    def kill(*args, **kwargs):
        real(*args, **kwargs)  # the step completes, then the process dies
        os.kill(os.getpid(), signal.SIGKILL)

    setattr(owner, step, kill)
    release.publish_release(
        FrontlinePaths(home=Path(sys.argv[1])), ["marts.fct_indicator_value"], [], []
    )
    """
)


@pytest.mark.parametrize(
    "step",
    ["orchestration.publish.export._export_csv", "orchestration.publish.release.verify_release"],
)
def test_a_kill_midway_leaves_the_previous_release_whole(paths: FrontlinePaths, step: str) -> None:
    first = publish_release(paths, MARTS, [passing_check()], SOURCES)
    before = published_state(paths, first.folder)
    add_row(paths.working_db)

    done = subprocess.run(
        [sys.executable, "-c", KILLER, str(paths.home), step],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == -9, done.stderr
    # the killed publish left a staging folder, or (killed after its folder appeared) an orphan
    left = {p.name for p in paths.releases_dir.iterdir() if RELEASE_ID.match(p.name)}
    assert list(paths.releases_dir.glob(".tmp-*")) or left != {first.release_id}
    assert published_state(paths, first.folder) == before

    second = publish_release(paths, MARTS, [passing_check()], SOURCES)
    assert latest_release(paths)["release_id"] == second.release_id
    assert {p.name for p in paths.releases_dir.iterdir() if RELEASE_ID.match(p.name)} == {
        first.release_id,
        second.release_id,
    }
    assert second.orphans_removed == tuple(sorted(left - {first.release_id}))
    assert not list(paths.releases_dir.glob(".tmp-*"))
    assert not list(paths.published_db.parent.glob(".*tmp-*"))


def test_publishing_the_same_data_twice_gives_identical_files(paths: FrontlinePaths) -> None:
    first = publish_release(paths, MARTS, [passing_check()], SOURCES)
    second = publish_release(paths, MARTS, [passing_check()], [])
    assert second.release_id != first.release_id
    assert first.folder.exists() and second.folder.exists()
    assert second.content_sha256 == first.content_sha256

    def files(release_folder: Path) -> dict[str, str]:
        return {
            p.relative_to(release_folder).as_posix(): sha256(p)
            for p in sorted(release_folder.rglob("*.*"))
            if p.suffix in {".csv", ".parquet"}
        }

    assert files(first.folder) == files(second.folder)
    assert len(files(first.folder)) == 4

    add_row(paths.working_db)
    third = publish_release(paths, MARTS, [], [])
    assert third.content_sha256 != first.content_sha256


def test_the_manifest_carries_the_load_report(paths: FrontlinePaths) -> None:
    loads = [
        {
            "source": "ons_pfa_p1_recorded_crime",
            "raw_table": "ons_pfa_p1_recorded_crime",
            "files_landed": 8,
            "rows_landed": 448,
            "rows_rejected": 1,
            "max_rejected_rows": 0,
            "reject_reasons": [{"reason": "count: expected an integer, found '1,234'", "rows": 1}],
            "quarantined": [],
            "over_threshold": True,
        }
    ]
    release = publish_release(paths, MARTS, [passing_check()], SOURCES, loads=loads)
    manifest = json.loads((release.folder / "manifest.json").read_text())
    assert manifest["loads"] == loads
    add_row(paths.working_db)
    assert publish_release(paths, MARTS, [passing_check()], SOURCES).manifest["loads"] == []


def test_the_blocked_message_names_failed_checks_then_counts_those_that_did_not_run():
    from orchestration.publish.release import blocked_message

    failed = CheckOutcome(
        name="ge_fct_indicator_value",
        asset="marts.fct_indicator_value",
        passed=False,
        blocking=True,
        failing_row_count=2,
    )
    missing = [f"marts/rpt_{i}:ge_rpt_{i}" for i in range(7)]
    assert blocked_message([failed], missing) == (
        "publication blocked: 1 blocking check(s) failed: ge_fct_indicator_value "
        "(marts.fct_indicator_value, 2 failing rows); 7 blocking check(s) did not run in this "
        "run (marts/rpt_0:ge_rpt_0, marts/rpt_1:ge_rpt_1, marts/rpt_2:ge_rpt_2, "
        "marts/rpt_3:ge_rpt_3, marts/rpt_4:ge_rpt_4, ...); run the whole job"
    )
