"""The data.police.uk drop folder: what loads, what is quarantined and why, with real shipped
street files copied, renamed, misnamed, future-dated and duplicated (no full run)."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from orchestration.jobs import months_in_drop_folder, new_month_in_drop_folder, quarterly_release
from orchestration.paths import DEFAULT_DATA_DIR
from orchestration.raw.assets import STREET_PARTITIONS, raw_assets
from orchestration.raw.landing.quarantine import Quarantined, record_quarantine
from orchestration.raw.police_uk_drop_folder import forces_named, triage, triage_names
from orchestration.resources import WarehouseResource

SHIPPED = DEFAULT_DATA_DIR / "police" / "police_uk_street"
DROP = Path("police") / "police_uk_street"
TODAY = dt.date(2026, 12, 5)  # pinned: a month after December 2026 is in the future
COL_JAN = "2017-01-city-of-london-street.csv"
COL_FEB = "2017-02-city-of-london-street.csv"
GWENT_OCT = "2022-10-gwent-street.csv"
STREET_KEY = dg.AssetKey(["raw", "police_uk_street_crime"])


def _records(name: str) -> int:
    """Data rows of a shipped file, counted from its lines (one record a line in these files)."""
    return len((SHIPPED / name).read_bytes().splitlines()) - 1


def _copy(folder: Path, shipped: str, as_name: str | None = None) -> Path:
    target = folder / (as_name or shipped)
    shutil.copyfile(SHIPPED / shipped, target)
    return target


def _relabelled(folder: Path, shipped: str, month: str, as_name: str, keep: int | None = None):
    """A shipped file moved to another month (the Month column too), optionally cut short."""
    lines = (SHIPPED / shipped).read_text().splitlines(keepends=True)
    old = f",{shipped[:7]},"
    body = [line.replace(old, f",{month},", 1) for line in lines[1 : (keep or len(lines)) + 1]]
    (folder / as_name).write_text(lines[0] + "".join(body))
    return folder / as_name


def _reasons(folder) -> dict[str, str]:
    return {item.path.name: item.reason for item in folder.quarantined}


@pytest.fixture
def drop(tmp_path: Path) -> Path:
    folder = tmp_path / DROP
    folder.mkdir(parents=True)
    return folder


def test_misnamed_and_future_files_are_quarantined_the_rest_load(drop: Path) -> None:
    _copy(drop, COL_JAN)
    _copy(drop, COL_FEB, "2017-02-city-of-london-street.CSV")  # upper-case extension: loads
    _copy(drop, COL_JAN, "2017-03-city-of-london-street.XLSX")
    _copy(drop, COL_JAN, "2017-01-city-of-london-street (1).csv")
    _copy(drop, COL_JAN, "2017-13-city-of-london-street.csv")
    _copy(drop, COL_JAN, "2017-04-city-of-london..-street.csv")
    _relabelled(drop, GWENT_OCT, "2026-12", "2026-12-gwent-street.csv")  # this month: loads
    _relabelled(drop, GWENT_OCT, "2027-01", "2027-01-gwent-street.csv")
    _relabelled(drop, GWENT_OCT, "2030-01", "2030-01-gwent-street.csv")
    (drop / "2017-05-gwent-street.csv").mkdir()
    (drop / "2017-06-gwent-street.csv").write_bytes(b"")

    folder = triage(drop, TODAY)

    assert folder.held == {
        "2017-01": [drop / COL_JAN],
        "2017-02": [drop / "2017-02-city-of-london-street.CSV"],
        "2026-12": [drop / "2026-12-gwent-street.csv"],
    }
    reasons = _reasons(folder)
    assert sorted(reasons) == [
        "2017-01-city-of-london-street (1).csv",
        "2017-03-city-of-london-street.XLSX",
        "2017-04-city-of-london..-street.csv",
        "2017-05-gwent-street.csv",
        "2017-06-gwent-street.csv",
        "2017-13-city-of-london-street.csv",
        "2027-01-gwent-street.csv",
        "2030-01-gwent-street.csv",
    ]
    assert "found a space in the name" in reasons["2017-01-city-of-london-street (1).csv"]
    assert "found a .XLSX file" in reasons["2017-03-city-of-london-street.XLSX"]
    assert "found 'city-of-london..'" in reasons["2017-04-city-of-london..-street.csv"]
    assert "found a folder" in reasons["2017-05-gwent-street.csv"]
    assert "found an empty one (0 bytes)" in reasons["2017-06-gwent-street.csv"]
    assert "found month 13" in reasons["2017-13-city-of-london-street.csv"]
    assert reasons["2030-01-gwent-street.csv"].startswith(
        "expected a month no later than the current month 2026-12 (UTC), found 2030-01"
    )
    assert "found 2027-01" in reasons["2027-01-gwent-street.csv"]
    # the names alone give the same months (what the sensor reads: no file opened)
    assert triage_names(drop, TODAY).months == folder.months == ["2017-01", "2017-02", "2026-12"]


def test_a_second_file_for_a_force_month_is_quarantined_naming_the_holder(drop: Path) -> None:
    _copy(drop, COL_JAN)
    # identical bytes under another slug: sorts first ('p' < 's'), so it holds the force-month
    _copy(drop, COL_JAN, "2017-01-city-of-london-police-street.csv")
    # the same force in its rows under a Gwent name, with different contents (first 100 rows)
    _relabelled(drop, COL_FEB, "2017-01", "2017-01-gwent-street.csv", keep=100)
    # a genuinely different force for the same month: held beside City of London
    _relabelled(drop, GWENT_OCT, "2017-01", "2017-01-gwent-police-street.csv")

    folder = triage(drop, TODAY)

    assert folder.held == {
        "2017-01": [
            drop / "2017-01-city-of-london-police-street.csv",
            drop / "2017-01-gwent-police-street.csv",
        ]
    }
    reasons = _reasons(folder)
    assert reasons == {
        COL_JAN: "expected one file per force and month, found 2017-01 City of London Police held "
        "by 2017-01-city-of-london-police-street.csv (identical bytes): the first file by name "
        "holds a force-month; remove or rename one of them",
        "2017-01-gwent-street.csv": "expected one file per force and month, found 2017-01 City "
        "of London Police held by 2017-01-city-of-london-police-street.csv (different contents): "
        "the first file by name holds a force-month; remove or rename one of them",
    }


def test_forces_are_read_from_the_rows_not_the_name(drop: Path) -> None:
    assert forces_named(_copy(drop, COL_JAN, "2017-01-gwent-street.csv")) == {
        "City of London Police"
    }
    assert forces_named(_copy(drop, GWENT_OCT)) == {"Gwent Police"}
    header_only = drop / "2017-02-gwent-street.csv"
    header_only.write_text((SHIPPED / GWENT_OCT).read_text().splitlines()[0] + "\n")
    assert forces_named(header_only) == set()  # no records: nothing to count twice
    unreadable = drop / "2017-03-gwent-street.csv"
    unreadable.write_text("not,a,street,file\n1,2,3,4\n")
    assert forces_named(unreadable) == {"force 'gwent' (from the file name)"}


def test_the_same_folder_decides_the_same_whatever_order_files_arrived(tmp_path: Path) -> None:
    names = [
        (COL_JAN, COL_JAN),
        (COL_JAN, "2017-01-city-of-london-police-street.csv"),
        (COL_JAN, "2017-01-zz-copy-street.csv"),
        (COL_FEB, COL_FEB),
    ]
    decided = []
    for order in (names, names[::-1]):
        folder = tmp_path / f"order{len(decided)}"
        folder.mkdir()
        for stamp, (shipped, name) in enumerate(order):
            path = _copy(folder, shipped, name)
            os.utime(path, (1_600_000_000 + stamp, 1_600_000_000 + stamp))
        result = triage(folder, TODAY)
        decided.append(
            (
                {m: [p.name for p in paths] for m, paths in result.held.items()},
                _reasons(result),
            )
        )
    assert decided[0] == decided[1]
    assert decided[0][0]["2017-01"] == ["2017-01-city-of-london-police-street.csv"]


def test_sensor_and_schedule_skip_bad_names_and_a_month_of_only_quarantined_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stack = contextlib.ExitStack()
    drop = tmp_path / DROP
    drop.mkdir(parents=True)
    _copy(drop, COL_JAN)
    monkeypatch.setenv("FRONTLINE_DATA_DIR", str(tmp_path))
    monkeypatch.setattr("orchestration.jobs.utc_today", lambda: TODAY)
    instance = stack.enter_context(dg.instance_for_test())  # schedules need an instance ref
    instance.add_dynamic_partitions(STREET_PARTITIONS.name, ["2017-01"])
    for name in (
        "2017-13-city-of-london-street.csv",
        "2017-01-city-of-london-street (1).csv",
        "2017-01-city..london-street.csv",
        "2017-02-city-of-london-street.XLSX",
    ):
        _copy(drop, COL_JAN, name)
    _relabelled(drop, GWENT_OCT, "2030-01", "2030-01-gwent-street.csv")  # a new month, future

    assert months_in_drop_folder(drop, TODAY) == ["2017-01"]
    tick = new_month_in_drop_folder(dg.build_sensor_context(instance=instance))
    assert isinstance(tick, dg.SkipReason)
    request = quarterly_release(dg.build_schedule_context(instance=instance))
    assert request.tags == {
        "dagster/asset_partition_range_start": "2017-01",
        "dagster/asset_partition_range_end": "2017-01",
    }

    _copy(drop, COL_FEB, "2017-02-city-of-london-street.CSV")  # a real new month: one run
    tick = new_month_in_drop_folder(dg.build_sensor_context(instance=instance))
    assert [request.partition_key for request in tick.run_requests] == ["2017-02"]
    # the schedule adds the months it runs over (a schedule returns no partition requests)
    instance.delete_dynamic_partition(STREET_PARTITIONS.name, "2017-01")
    request = quarterly_release(dg.build_schedule_context(instance=instance))
    assert request.tags["dagster/asset_partition_range_end"] == "2017-02"
    assert instance.get_dynamic_partitions(STREET_PARTITIONS.name) == ["2017-01", "2017-02"]
    stack.close()


def test_quarantine_rows_mirror_the_folder_and_remove_what_had_landed(tmp_path: Path) -> None:
    drop = tmp_path / DROP
    drop.mkdir(parents=True)
    kept = _copy(drop, COL_JAN)
    gone = _copy(drop, COL_FEB, "2017-02-x-street.csv")
    con = duckdb.connect()
    con.execute("create schema raw")
    con.execute("create table raw.police_uk_street_crime (month varchar, _source_file varchar)")
    # as if COL_FEB's copy had landed before: 2 rows and a log entry
    landed = "police/police_uk_street/2017-02-x-street.csv"
    con.execute(
        "insert into raw.police_uk_street_crime values ('2017-02', ?), ('2017-02', ?)",
        [landed, landed],
    )
    record_quarantine(con, "police_uk_street_crime", [], tmp_path)  # creates the log tables
    con.execute(
        "insert into raw._load_log (raw_table, source_file, sha256, rows_landed, rows_rejected,"
        " loaded_at) values ('police_uk_street_crime', ?, 'x', 2, 0, now())",
        [landed],
    )
    first = dt.datetime(2026, 12, 1)

    removed = record_quarantine(
        con,
        "police_uk_street_crime",
        [Quarantined(kept, "reason a"), Quarantined(gone, "reason b")],
        tmp_path,
        detected_at=first,
    )

    assert removed == [landed]
    assert con.execute("select count(*) from raw.police_uk_street_crime").fetchone() == (0,)
    assert con.execute("select count(*) from raw._load_log").fetchone() == (0,)
    rows = con.execute(
        "select source_file, reason, sha256 is not null, detected_at from raw._quarantine"
        " order by source_file"
    ).fetchall()
    assert rows == [
        ("police/police_uk_street/2017-01-city-of-london-street.csv", "reason a", True, first),
        (landed, "reason b", True, first),
    ]
    # the next load sees only one of them: the table mirrors the folder, first sighting kept
    removed = record_quarantine(
        con,
        "police_uk_street_crime",
        [Quarantined(kept, "reason a")],
        tmp_path,
        detected_at=dt.datetime(2026, 12, 2),
    )
    assert removed == []
    assert con.execute("select source_file, detected_at from raw._quarantine").fetchall() == [
        ("police/police_uk_street/2017-01-city-of-london-street.csv", first)
    ]


def _materialise(warehouse, instance, partition_key=None, months=None, raise_on_error=True):
    tags = (
        {
            "dagster/asset_partition_range_start": months[0],
            "dagster/asset_partition_range_end": months[-1],
        }
        if months
        else None
    )
    street = [next(a for a in raw_assets if a.key == STREET_KEY)]
    return dg.materialize(
        street,
        instance=instance,
        resources={"warehouse": warehouse},
        partition_key=partition_key,
        tags=tags,
        raise_on_error=raise_on_error,
    )


def test_street_asset_lands_one_file_per_force_month_and_records_the_quarantine(
    tmp_path: Path,
) -> None:
    drop = tmp_path / DROP
    drop.mkdir(parents=True)
    _copy(drop, COL_JAN)
    _copy(drop, COL_FEB)
    _copy(drop, COL_JAN, "2017-13-city-of-london-street.csv")
    _relabelled(drop, GWENT_OCT, "2999-01", "2999-01-gwent-street.csv")
    database = tmp_path / "warehouse.duckdb"
    warehouse = WarehouseResource(database_path=str(database), data_dir=str(tmp_path))
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions(STREET_PARTITIONS.name, ["2017-01", "2017-02"])

    assert _materialise(warehouse, instance, months=["2017-01", "2017-02"]).success

    by_file = "select _source_file, count(*) from raw.police_uk_street_crime group by 1 order by 1"
    with duckdb.connect(str(database)) as con:
        assert con.execute(by_file).fetchall() == [
            (f"{DROP.as_posix()}/{COL_JAN}", _records(COL_JAN)),
            (f"{DROP.as_posix()}/{COL_FEB}", _records(COL_FEB)),
        ]
        quarantined = con.execute(
            "select source_file, reason from raw._quarantine order by source_file"
        ).fetchall()
    assert [file for file, _ in quarantined] == [
        f"{DROP.as_posix()}/2017-13-city-of-london-street.csv",
        f"{DROP.as_posix()}/2999-01-gwent-street.csv",
    ]
    assert "found month 13" in quarantined[0][1] and "found 2999-01" in quarantined[1][1]

    # a copy of January under a name that sorts first arrives; the run is for February only,
    # yet January moves to the new holder in the same run: never counted twice, never short
    _copy(drop, COL_JAN, "2017-01-city-of-london-police-street.csv")
    assert _materialise(warehouse, instance, partition_key="2017-02").success

    with duckdb.connect(str(database)) as con:
        assert con.execute(by_file).fetchall() == [
            (f"{DROP.as_posix()}/2017-01-city-of-london-police-street.csv", _records(COL_JAN)),
            (f"{DROP.as_posix()}/{COL_FEB}", _records(COL_FEB)),
        ]
        reasons = dict(con.execute("select source_file, reason from raw._quarantine").fetchall())
        logged = con.execute("select source_file from raw._load_log order by 1").fetchall()
    assert (
        "held by 2017-01-city-of-london-police-street.csv (identical bytes)"
        in reasons[f"{DROP.as_posix()}/{COL_JAN}"]
    )
    assert len(reasons) == 3
    assert logged == [
        (f"{DROP.as_posix()}/2017-01-city-of-london-police-street.csv",),
        (f"{DROP.as_posix()}/{COL_FEB}",),
    ]

    # a month whose only files are quarantined cannot be loaded: one line, nothing changed
    instance.add_dynamic_partitions(STREET_PARTITIONS.name, ["2999-01"])
    failed = _materialise(warehouse, instance, partition_key="2999-01", raise_on_error=False)
    assert not failed.success
    (failure,) = [e for e in failed.all_events if e.is_step_failure]
    message = failure.event_specific_data.error.message
    assert "no police_uk_street_crime file to load for month(s) ['2999-01']" in message
    with duckdb.connect(str(database)) as con:
        assert con.execute("select count(*) from raw._quarantine").fetchone() == (3,)


def test_a_file_taken_out_of_the_folder_is_forgotten_whatever_month_the_run_is_for(
    tmp_path: Path,
) -> None:
    drop = tmp_path / DROP
    drop.mkdir(parents=True)
    _copy(drop, COL_JAN)
    february = _copy(drop, COL_FEB)
    database = tmp_path / "warehouse.duckdb"
    warehouse = WarehouseResource(database_path=str(database), data_dir=str(tmp_path))
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions(STREET_PARTITIONS.name, ["2017-01", "2017-02"])
    assert _materialise(warehouse, instance, months=["2017-01", "2017-02"]).success

    february.unlink()
    assert _materialise(warehouse, instance, partition_key="2017-01").success

    with duckdb.connect(str(database)) as con:
        by_file = con.execute(
            "select _source_file, count(*) from raw.police_uk_street_crime group by 1"
        ).fetchall()
        logged = con.execute("select source_file from raw._load_log").fetchall()
    assert by_file == [(f"{DROP.as_posix()}/{COL_JAN}", _records(COL_JAN))]
    assert logged == [(f"{DROP.as_posix()}/{COL_JAN}",)]
