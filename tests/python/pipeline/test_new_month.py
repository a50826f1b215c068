"""A new data.police.uk month in the drop folder loads and builds only that month."""

from __future__ import annotations

import dagster as dg
import duckdb
from dagster._core.storage.tags import (
    ASSET_PARTITION_RANGE_END_TAG,
    ASSET_PARTITION_RANGE_START_TAG,
)

from orchestration.jobs import new_month_in_drop_folder
from orchestration.raw.assets import STREET_PARTITIONS
from tests.python.pipeline.conftest import copy_data, copy_home, run_release

NEW_MONTH = "2022-11"
TEMPLATE = "2022-10-gwent-street.csv"
LOAD_TIMES = "select _partition_month, max(_loaded_at) from raw.police_uk_street_crime group by 1"


def _add_month(data, month: str) -> int:
    """A new Gwent month: October 2022's rows relabelled (the month column too)."""
    drop = data / "police/police_uk_street"
    lines = (drop / TEMPLATE).read_text().splitlines(keepends=True)
    body = [line.replace(",2022-10,", f",{month},", 1) for line in lines[1:]]
    (drop / f"{month}-gwent-street.csv").write_text(lines[0] + "".join(body))
    return len(body)


def test_sensor_requests_a_run_for_a_new_month_only(tmp_path, monkeypatch):
    data = copy_data(tmp_path)
    monkeypatch.setenv("FRONTLINE_DATA_DIR", str(data))
    instance = dg.DagsterInstance.ephemeral()
    months = sorted({p.name[:7] for p in (data / "police/police_uk_street").glob("*.csv")})
    instance.add_dynamic_partitions(STREET_PARTITIONS.name, months)

    quiet = new_month_in_drop_folder(dg.build_sensor_context(instance=instance))
    assert isinstance(quiet, dg.SkipReason)

    _add_month(data, NEW_MONTH)
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


def test_new_month_loads_and_builds_only_that_month(published, tmp_path):
    data = copy_data(tmp_path)
    rows = _add_month(data, NEW_MONTH)
    paths = copy_home(published, tmp_path, data_dir=data)
    with duckdb.connect(str(paths.working_db), read_only=True) as con:
        loaded_before = dict(con.execute(LOAD_TIMES).fetchall())
        counted_before = con.execute(
            "select sum(crimes) from intermediate.int_police_uk__monthly_counts"
        ).fetchone()[0]

    result = run_release(paths, month=NEW_MONTH)

    assert result.success
    with duckdb.connect(str(paths.working_db), read_only=True) as con:
        loaded_after = dict(con.execute(LOAD_TIMES).fetchall())
        counted_after = con.execute(
            "select sum(crimes) from intermediate.int_police_uk__monthly_counts"
        ).fetchone()[0]
    # earlier months untouched (same load time), the new month landed
    assert {m: t for m, t in loaded_after.items() if m != NEW_MONTH} == loaded_before
    assert NEW_MONTH in loaded_after
    assert counted_after - counted_before == rows
    with duckdb.connect(str(paths.published_db), read_only=True) as con:
        published_rows = con.execute(
            "select crimes_in_month, rolling_12_month_coverage "
            "from marts.rpt_police_uk_street_crime_rolling where force_code = 'W15000002' "
            "and crime_type = 'All crime' and month_period_key = ?",
            [f"M{NEW_MONTH}"],
        ).fetchone()
    assert published_rows is not None and published_rows[1] == "complete"
