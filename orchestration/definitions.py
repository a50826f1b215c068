"""Frontline's one Dagster code location: raw -> staging -> marts -> checks -> publish."""

import os
import sys
from pathlib import Path

import dagster as dg

from orchestration.jobs import frontline_release_job, new_month_in_drop_folder, quarterly_release
from orchestration.paths import FrontlinePaths
from orchestration.publish.assets import ReleaseResource, release
from orchestration.quality.checks import ge_checks
from orchestration.quality.disclosure_checks import disclosure_checks
from orchestration.raw.assets import raw_assets
from orchestration.resources import WarehouseResource
from orchestration.transform.assets import frontline_dbt_assets
from orchestration.transform.project import (
    DBT_ENV,
    FrontlineDbtResource,
    dbt_invocations_dir,
    dbt_project,
)

for name, value in DBT_ENV.items():
    os.environ.setdefault(name, value)


def build_definitions(paths: FrontlinePaths | None = None) -> dg.Definitions:
    """The code location, writing under ``paths.home`` (FRONTLINE_HOME by default)."""
    paths = paths or FrontlinePaths.from_env()
    return dg.Definitions(
        assets=[*raw_assets, frontline_dbt_assets, release],
        asset_checks=[*ge_checks, *disclosure_checks],
        jobs=[frontline_release_job],
        schedules=[quarterly_release],
        sensors=[new_month_in_drop_folder],
        resources={
            "warehouse": WarehouseResource(
                database_path=str(paths.working_db), data_dir=str(paths.data_dir)
            ),
            "releases": ReleaseResource(
                home=str(paths.home),
                keep_releases=int(os.environ.get("FRONTLINE_KEEP_RELEASES", "10")),
            ),
            "dbt": FrontlineDbtResource(
                project_dir=dbt_project,
                profiles_dir=str(dbt_project.project_dir),
                target="local",  # the working database, whatever DBT_TARGET says (mf reads it)
                # the dbt installed beside this Python, whether or not the venv is activated
                dbt_executable=str(Path(sys.executable).with_name("dbt")),
                invocations_dir=str(dbt_invocations_dir(paths.home)),
            ),
        },
    )


defs = build_definitions()
