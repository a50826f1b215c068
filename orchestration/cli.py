"""`frontline run`: the main job end to end, in this process, with progress on the console.

Runs are recorded in a persistent Dagster instance under FRONTLINE_HOME, so `dagster dev`
shows them afterwards.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from orchestration.paths import PROJECT_DIR, FrontlinePaths

# One run at a time and one DuckDB writer at a time (pool duckdb_writer): DuckDB allows one
# read-write process. No telemetry: the network is closed and retries slow runs.
DAGSTER_YAML = """\
telemetry:
  enabled: false
concurrency:
  runs:
    max_concurrent_runs: 1
  pools:
    default_limit: 1
"""


def _prepare_dagster_home(paths: FrontlinePaths) -> Path:
    home = Path(os.environ.get("DAGSTER_HOME", paths.home / "dagster"))
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        config.write_text(DAGSTER_YAML)
    os.environ["DAGSTER_HOME"] = str(home)
    return home


def _report_failure(result) -> None:
    import dagster as dg

    print("\nThe run failed: nothing was published; the previous release is untouched.")
    for event in result.all_events:
        if event.event_type == dg.DagsterEventType.STEP_FAILURE:
            error = event.event_specific_data.error
            print(f"  failed step {event.step_key}: {error.message.strip().splitlines()[0]}")
        if event.event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION:
            evaluation = event.event_specific_data
            if not evaluation.passed:
                key = evaluation.asset_key.to_user_string()
                print(f"  failed check {key}:{evaluation.check_name}")
                sample = evaluation.metadata.get("sample_failing_rows")
                if sample is not None:
                    print(
                        "    sample failing rows:\n    " + str(sample.value).replace("\n", "\n    ")
                    )


def execute_release(paths: FrontlinePaths, instance, month: str | None = None):
    """Run the main job once: every month in the drop folder, or just ``month`` (as the sensor
    does for a new month). Returns Dagster's ExecuteInProcessResult."""
    from orchestration.definitions import build_definitions
    from orchestration.jobs import all_months_tags, months_in_drop_folder
    from orchestration.raw.assets import STREET_PARTITIONS

    months = months_in_drop_folder(paths.drop_dir)
    known = set(instance.get_dynamic_partitions(STREET_PARTITIONS.name))
    new = [m for m in months if m not in known]
    if new:
        instance.add_dynamic_partitions(STREET_PARTITIONS.name, new)
    print(f"Frontline: {len(months)} street-level months in {paths.drop_dir} ({len(new)} new)")
    print(f"Frontline: building in {paths.working_db}")
    job = build_definitions(paths).resolve_job_def("frontline_release")
    return job.execute_in_process(
        instance=instance,
        partition_key=month,
        tags=all_months_tags(months) if months and month is None else None,
        raise_on_error=False,
        run_config={"loggers": {"console": {"config": {"log_level": "INFO"}}}},
    )


def _synthetic_release_folder(result) -> str | None:
    """The folder of the release this run wrote, when it was synthetic (so not made latest)."""
    for event in result.get_asset_materialization_events():
        materialization = event.materialization
        if materialization.asset_key.path == ["publish", "release"]:
            metadata = materialization.metadata
            if metadata.get("synthetic") is not None and metadata["synthetic"].value:
                return str(metadata["release_folder"].value)
    return None


def run(paths: FrontlinePaths) -> int:
    _prepare_dagster_home(paths)
    import dagster as dg

    result = execute_release(paths, dg.DagsterInstance.get())
    if not result.success:
        _report_failure(result)
        return 1
    synthetic_folder = _synthetic_release_folder(result)
    if synthetic_folder is not None:
        print("\nFrontline: synthetic release written (built from synthetic input files).")
        print(f"  release:            {synthetic_folder}")
        print("  latest and the published database are unchanged (last real release).")
        return 0
    latest = paths.releases_dir / "latest"
    print("\nFrontline: published.")
    print(f"  release:            {latest.resolve()}")
    print(f"  latest pointer:     {latest}")
    print(f"  published database: {paths.published_db}  (open read-only)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="frontline", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="load, build, check and publish (the main job)")
    sub.add_parser("dev", help="the Dagster UI (dagster dev) on this project")
    args = parser.parse_args(argv)
    paths = FrontlinePaths.from_env()
    if args.command == "run":
        return run(paths)
    _prepare_dagster_home(paths)
    dagster = Path(sys.executable).with_name("dagster")
    os.chdir(PROJECT_DIR)  # [tool.dagster] in pyproject.toml names the code location "frontline"
    os.execv(dagster, [str(dagster), "dev"])


if __name__ == "__main__":
    sys.exit(main())
