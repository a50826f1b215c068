"""A new data.police.uk month in the drop folder loads and builds only that month; files the drop
folder refuses (misnamed, future, a second file for a force-month) are quarantined in the same
run, and the incremental monthly counts still equal a full refresh. The run is the shared
partitioned run of fixture `synthetic` (conftest): its release is synthetic, so the new month is
read from that release's own database."""

from __future__ import annotations

import datetime as dt

import dagster as dg
import duckdb
from dagster._core.storage.tags import (
    ASSET_PARTITION_RANGE_END_TAG,
    ASSET_PARTITION_RANGE_START_TAG,
)

from orchestration.jobs import new_month_in_drop_folder
from orchestration.raw.assets import STREET_PARTITIONS
from tests.python.pipeline.conftest import (
    DROP,
    DUPLICATE,
    DUPLICATED,
    MISNAMED,
    NEW_MONTH,
    add_month,
    copy_data,
    release_folder,
)

LOAD_TIMES = "select _partition_month, max(_loaded_at) from raw.police_uk_street_crime group by 1"
CITY_OF_LONDON = "E23000034"
# int_police_uk__monthly_counts as a full refresh would build it, aggregated here from the
# staging view, against what the incremental run built: rows in one and not the other
INCREMENTAL_VS_FULL_REFRESH = """
with full_refresh as (
    select forces.force_code, staged.falls_within, staged.month_start, staged.lsoa_code,
        staged.crime_type, staged.is_recorded_crime, count(*) as crimes
    from staging.stg_police_uk__street_crime as staged
    left join reference.police_uk_forces as forces on forces.falls_within = staged.falls_within
    group by all
),
incremental as (
    select force_code, falls_within, month_start, lsoa_code, crime_type, is_recorded_crime, crimes
    from intermediate.int_police_uk__monthly_counts
)
(select 'only incremental' as side, * from (select * from incremental except all
    select * from full_refresh))
union all
(select 'only full refresh', * from (select * from full_refresh except all
    select * from incremental))
"""
FORCE_MONTH_TOTALS = """
select force_code, month_start, sum(crimes) from intermediate.int_police_uk__monthly_counts
group by all order by all
"""


def test_sensor_requests_a_run_for_a_new_month_only(tmp_path, monkeypatch):
    data = copy_data(tmp_path)
    monkeypatch.setenv("FRONTLINE_DATA_DIR", str(data))
    instance = dg.DagsterInstance.ephemeral()
    months = sorted({p.name[:7] for p in (data / "police/police_uk_street").glob("*.csv")})
    instance.add_dynamic_partitions(STREET_PARTITIONS.name, months)

    quiet = new_month_in_drop_folder(dg.build_sensor_context(instance=instance))
    assert isinstance(quiet, dg.SkipReason)

    add_month(data, NEW_MONTH)
    result = new_month_in_drop_folder(dg.build_sensor_context(instance=instance))
    assert [r.partition_key for r in result.run_requests] == [NEW_MONTH]
    assert result.dynamic_partitions_requests[0].partition_keys == [NEW_MONTH]


def test_sensor_batches_many_new_months_into_one_run(tmp_path, monkeypatch):
    # a first start on a full drop folder: one run over every month, not 58 runs
    data = copy_data(tmp_path)
    monkeypatch.setenv("FRONTLINE_DATA_DIR", str(data))
    instance = dg.DagsterInstance.ephemeral()

    result = new_month_in_drop_folder(dg.build_sensor_context(instance=instance))

    (request,) = result.run_requests
    assert request.tags[ASSET_PARTITION_RANGE_START_TAG] == "2017-01"
    assert request.tags[ASSET_PARTITION_RANGE_END_TAG] == "2022-10"
    assert len(result.dynamic_partitions_requests[0].partition_keys) == 58


def _city_of_london_rolling(con) -> list[tuple]:
    return con.execute(
        "select * from marts.rpt_police_uk_street_crime_rolling where force_code = ? "
        "order by crime_type, month_start",
        [CITY_OF_LONDON],
    ).fetchall()


def test_new_month_loads_and_builds_only_that_month(published, synthetic):
    # before: the published home the run's home was copied from (no test writes to it)
    data, paths = synthetic.data, synthetic.paths
    rows, future = synthetic.new_month_rows, synthetic.future_file
    with duckdb.connect(str(published.working_db), read_only=True) as con:
        loaded_before = dict(con.execute(LOAD_TIMES).fetchall())
        counted_before = con.execute(
            "select sum(crimes) from intermediate.int_police_uk__monthly_counts"
        ).fetchone()[0]
        totals_before = con.execute(FORCE_MONTH_TOTALS).fetchall()
    with duckdb.connect(str(published.published_db), read_only=True) as con:
        rolling_before = _city_of_london_rolling(con)

    assert synthetic.result.success
    release_db = release_folder(synthetic.result) / "frontline.duckdb"
    with duckdb.connect(str(paths.working_db), read_only=True) as con:
        loaded_after = dict(con.execute(LOAD_TIMES).fetchall())
        counted_after = con.execute(
            "select sum(crimes) from intermediate.int_police_uk__monthly_counts"
        ).fetchone()[0]
        totals_after = con.execute(FORCE_MONTH_TOTALS).fetchall()
        quarantined = dict(
            con.execute(
                "select source_file, reason from raw._quarantine"
                " where raw_table = 'police_uk_street_crime'"
            ).fetchall()
        )
        january = con.execute(
            "select _source_file, count(*) from raw.police_uk_street_crime"
            " where _partition_month = '2017-01' group by 1"
        ).fetchall()
        staged_january = con.execute(
            "select count(*) from staging.stg_police_uk__street_crime"
            " where month_start = date '2017-01-01'"
        ).fetchone()[0]
        incremental_vs_full = con.execute(INCREMENTAL_VS_FULL_REFRESH).fetchall()
    # earlier months untouched (same load time) but January 2017, which moved to the file that
    # now holds it (same bytes); the new month landed
    assert {m: t for m, t in loaded_after.items() if m not in (NEW_MONTH, "2017-01")} == {
        m: t for m, t in loaded_before.items() if m != "2017-01"
    }
    assert loaded_after["2017-01"] > loaded_before["2017-01"]
    assert NEW_MONTH in loaded_after
    assert counted_after - counted_before == rows

    # the refused files are quarantined with their reasons, and none of their rows landed
    drop = DROP
    assert sorted(quarantined) == sorted(
        f"{drop}/{name}" for name in (DUPLICATED, *MISNAMED, future)
    )
    assert f"held by {DUPLICATE} (identical bytes)" in quarantined[f"{drop}/{DUPLICATED}"]
    assert "found month 13" in quarantined[f"{drop}/2022-13-gwent-street.csv"]
    assert "found a space in the name" in quarantined[f"{drop}/2022-10-gwent-street (1).csv"]
    assert f"found {future[:7]}" in quarantined[f"{drop}/{future}"]
    shipped_january = len((data / drop / DUPLICATED).read_text().splitlines()) - 1
    assert january == [(f"{drop}/{DUPLICATE}", shipped_january)]
    assert staged_january == shipped_january  # 483, never both files' 966

    # the incremental build equals a full refresh, for every force-month
    assert incremental_vs_full == []
    new_force_month = ("W15000002", dt.date(2022, 11, 1), rows)
    assert totals_after == sorted([*totals_before, new_force_month])
    with duckdb.connect(str(release_db), read_only=True) as con:
        assert _city_of_london_rolling(con) == rolling_before
        published_rows = con.execute(
            "select crimes_in_month, rolling_12_month_coverage "
            "from marts.rpt_police_uk_street_crime_rolling where force_code = 'W15000002' "
            "and crime_type = 'All crime' and month_period_key = ?",
            [f"M{NEW_MONTH}"],
        ).fetchone()
    assert published_rows is not None and published_rows[1] == "complete"
