"""The main job, its quarterly schedule and the sensor on the raw drop folder."""

import datetime as dt
from pathlib import Path

import dagster as dg
from dagster._core.storage.tags import (
    ASSET_PARTITION_RANGE_END_TAG,
    ASSET_PARTITION_RANGE_START_TAG,
)

from orchestration.paths import FrontlinePaths
from orchestration.raw.assets import STREET_PARTITIONS
from orchestration.raw.police_uk_drop_folder import triage_names, utc_today

frontline_release_job = dg.define_asset_job(
    name="frontline_release",
    selection=dg.AssetSelection.all(),
    description=(
        "Raw loads -> dbt build (models, seeds, tests) -> Great Expectations checks -> publish. "
        "Publication runs only when every blocking check passed."
    ),
    executor_def=dg.in_process_executor,  # one DuckDB writer: steps run one after another
)


def all_months_tags(months: list[str]) -> dict[str, str]:
    """Run tags that make one run load every month (single-run backfill of the street asset)."""
    return {
        ASSET_PARTITION_RANGE_START_TAG: months[0],
        ASSET_PARTITION_RANGE_END_TAG: months[-1],
    }


def months_in_drop_folder(drop_dir: Path, today: dt.date | None = None) -> list[str]:
    """The months with a file to load. Never raises on a bad name: a file that is misnamed or
    for a month after `today`'s (UTC) is quarantined by the load, not a month here, so a new
    month that is only such files requests no run."""
    return triage_names(drop_dir, today or utc_today()).months


@dg.schedule(
    job=frontline_release_job,
    cron_schedule="0 6 1 1,4,7,10 *",  # quarterly, after ONS's quarterly crime releases
    execution_timezone="Europe/London",
    description="Quarterly rebuild and publication over every month in the drop folder.",
)
def quarterly_release(context: dg.ScheduleEvaluationContext):
    months = months_in_drop_folder(FrontlinePaths.from_env().drop_dir)
    if not months:
        return dg.SkipReason("no street-level months in the drop folder")
    # a schedule cannot return partition requests (Dagster has no ScheduleResult; that name
    # raised AttributeError on every tick): add the months before requesting the run
    known = set(context.instance.get_dynamic_partitions(STREET_PARTITIONS.name))
    new = [month for month in months if month not in known]
    if new:
        context.instance.add_dynamic_partitions(STREET_PARTITIONS.name, new)
    return dg.RunRequest(tags=all_months_tags(months))


@dg.sensor(
    job=frontline_release_job,
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description=(
        "Starts a run when a new data.police.uk month lands in the raw drop folder: the new month "
        "is added as a partition and only that month is loaded and rebuilt incrementally. Several "
        "new months at once (or a first start on a full folder) make one run over all of them."
    ),
)
def new_month_in_drop_folder(context: dg.SensorEvaluationContext):
    months = months_in_drop_folder(FrontlinePaths.from_env().drop_dir)
    known = set(context.instance.get_dynamic_partitions(STREET_PARTITIONS.name))
    new = [month for month in months if month not in known]
    if not new:
        return dg.SkipReason("no new month in the drop folder")
    # new months are added after the known ones, so first..last spans exactly the new months
    request = (
        dg.RunRequest(run_key=f"police_uk_month:{new[0]}", partition_key=new[0])
        if len(new) == 1
        else dg.RunRequest(
            run_key=f"police_uk_months:{new[0]}..{new[-1]}", tags=all_months_tags(new)
        )
    )
    return dg.SensorResult(
        run_requests=[request],
        dynamic_partitions_requests=[STREET_PARTITIONS.build_add_request(new)],
    )
