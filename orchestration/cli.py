"""`frontline run`: the main job end to end, in this process, with progress on the console.

Runs are recorded in a persistent Dagster instance under FRONTLINE_HOME, so `dagster dev`
shows them afterwards. One run at a time per home: a run takes the home's run lock, recovers from
a predecessor that was killed (``orchestration.run_recovery``), writes its full log to
<home>/logs/run-<run_id>.log and shows progress lines on the console (``orchestration.run_log``).
SIGTERM or SIGINT stops it within seconds: its dbt child is stopped and the run marked failed.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import click

from orchestration.paths import PROJECT_DIR, FrontlinePaths
from orchestration.run_lock import RunLock, RunLockHeld, acquire_run_lock
from orchestration.run_log import RunLog
from orchestration.run_recovery import PID_TAG, RecoveryError, recover, stop_live_run
from orchestration.run_summary import failed_run_lines, first_line, load_report_lines
from orchestration.serve.command import serve_command
from orchestration.serve.settings import ENVIRONMENT as SERVE_ENVIRONMENT
from orchestration.synthetic.commands import synthetic_group

if TYPE_CHECKING:  # dagster is imported when a command runs, after argument parsing
    import dagster as dg

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
# Exit status when another live process holds the home (EX_TEMPFAIL: try again later).
EXIT_BUSY = 75
EXIT_USAGE = 2  # click's own status for a usage error


def dagster_home(paths: FrontlinePaths) -> Path:
    """The persistent Dagster instance's folder: $DAGSTER_HOME, else <home>/dagster."""
    home = Path(os.environ.get("DAGSTER_HOME", paths.home / "dagster"))
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        config.write_text(DAGSTER_YAML)
    return home


def persistent_instance(paths: FrontlinePaths) -> dg.DagsterInstance:
    import dagster as dg

    return dg.DagsterInstance.from_config(str(dagster_home(paths)))


@dataclass(frozen=True)
class ReleaseRequest:
    """What one run of the main job covers: every month in the drop folder, or one month."""

    partition_key: str | None
    tags: dict[str, str] = field(default_factory=dict)
    lines: tuple[str, ...] = ()
    # None: the whole job, publication included; else only these assets (never the publish)
    asset_selection: tuple[dg.AssetKey, ...] | None = None


def release_request(
    paths: FrontlinePaths,
    instance: dg.DagsterInstance,
    month: str | None = None,
    asset_selection: Sequence[dg.AssetKey] | None = None,
) -> ReleaseRequest:
    """Register the drop folder's new months as partitions and say what the run will build."""
    from orchestration.jobs import all_months_tags, months_in_drop_folder
    from orchestration.raw.assets import STREET_PARTITIONS

    months = months_in_drop_folder(paths.drop_dir)
    known = set(instance.get_dynamic_partitions(STREET_PARTITIONS.name))
    new = [m for m in months if m not in known]
    if new:
        instance.add_dynamic_partitions(STREET_PARTITIONS.name, new)
    lines = [
        f"Frontline: {len(months)} street-level months in {paths.drop_dir} ({len(new)} new)",
        f"Frontline: building in {paths.working_db}",
    ]
    if asset_selection is not None:
        lines.append(
            f"Frontline: building {len(asset_selection)} selected assets and their checks; "
            "this run publishes nothing"
        )
    return ReleaseRequest(
        partition_key=month,
        tags=all_months_tags(months) if months and month is None else {},
        lines=tuple(lines),
        asset_selection=tuple(asset_selection) if asset_selection is not None else None,
    )


def execute_release(
    paths: FrontlinePaths,
    instance: dg.DagsterInstance,
    month: str | None = None,
    asset_selection: Sequence[dg.AssetKey] | None = None,
) -> dg.ExecuteInProcessResult:
    """Run the main job once on ``instance`` in this thread, logging to the console as Dagster
    does: every month in the drop folder, or just ``month`` (as the sensor does for a new
    month); every asset, or only those of ``asset_selection`` (the others as they are).
    Returns Dagster's ExecuteInProcessResult. The tests' in-process runs use this."""
    from orchestration.definitions import build_definitions

    request = release_request(paths, instance, month)
    for line in request.lines:
        print(line)
    job = build_definitions(paths).resolve_job_def("frontline_release")
    return job.execute_in_process(
        instance=instance,
        partition_key=request.partition_key,
        tags=request.tags or None,
        asset_selection=asset_selection,
        raise_on_error=False,
        run_config={"loggers": {"console": {"config": {"log_level": "INFO"}}}},
    )


def run_job(
    paths: FrontlinePaths,
    job: dg.JobDefinition,
    *,
    prepare: Callable[[dg.DagsterInstance], ReleaseRequest] | None = None,
    console: TextIO | None = None,
    command: str = "frontline run",
) -> int:
    """Run ``job`` on the home's persistent instance, as `frontline run` does: run lock, recovery,
    log file, console progress, stop on SIGTERM/SIGINT, summary. Returns the exit status."""
    from dagster._core.utils import make_new_run_id

    try:
        lock = acquire_run_lock(paths.home, command)
    except RunLockHeld as busy:
        print(busy, file=console or sys.stdout, flush=True)
        return EXIT_BUSY
    with lock:
        instance = persistent_instance(paths)
        run_id = make_new_run_id()
        with RunLog(paths.home, run_id, console) as log:
            log.say(f"Frontline: run {run_id[:8]}; full log (stack traces, dbt) in {log.path}")
            try:
                for line in recover(instance, paths.working_db):
                    log.say(line)
            except RecoveryError as error:
                log.say(str(error))
                return 1
            request = prepare(instance) if prepare else ReleaseRequest(partition_key=None)
            for line in request.lines:
                log.say(line)
            result = _execute_stoppable(job, instance, run_id, request, log, paths.working_db)
            status = _summarise(result, paths, log)
            log.say(f"Full log: {log.path}")
            return status


def _execute_stoppable(
    job: dg.JobDefinition,
    instance: dg.DagsterInstance,
    run_id: str,
    request: ReleaseRequest,
    log: RunLog,
    db: Path,
) -> dg.ExecuteInProcessResult | BaseException:
    """Execute in a worker thread so that this (main) thread keeps its own SIGTERM/SIGINT
    handlers: Dagster only captures signals on the main thread, and while a step waits for a pool
    slot it captures them without acting on them."""
    job = job.with_logger_defs(log.logger_defs())
    outcome: dict[str, Any] = {}

    def execute() -> None:
        try:
            outcome["result"] = job.execute_in_process(
                instance=instance,
                run_id=run_id,
                partition_key=request.partition_key,
                tags={**request.tags, PID_TAG: str(os.getpid())},
                asset_selection=request.asset_selection,
                raise_on_error=False,
                run_config={"loggers": log.loggers_run_config()},
            )
        except BaseException as error:  # one line in the summary; the traceback to the log
            traceback.print_exc()  # stderr is the log file here
            outcome["error"] = error

    def stop(signum: int, _frame: object) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        log.say(stop_live_run(instance, run_id, db, signal.Signals(signum).name))
        log.say("Frontline: stopped; latest still points to a whole release.")
        log.say(f"Full log: {log.path}")
        log.close()
        os._exit(128 + signum)  # the worker thread cannot be interrupted; the run is recorded

    with log.capturing_output():
        if threading.current_thread() is not threading.main_thread():
            execute()
        else:
            previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
            try:
                worker = threading.Thread(target=execute, name="frontline-run", daemon=True)
                worker.start()
                while worker.is_alive():
                    worker.join(0.2)
            finally:
                for sig, handler in previous.items():
                    signal.signal(sig, handler)
    if "error" in outcome:
        return outcome["error"]
    return outcome["result"]


def _summarise(
    result: dg.ExecuteInProcessResult | BaseException, paths: FrontlinePaths, log: RunLog
) -> int:
    if isinstance(result, BaseException):
        log.say(f"\nThe run could not complete: {first_line(str(result)) or type(result).__name__}")
        return 1
    if not result.success:
        log.say("\nThe run failed: nothing was published; the previous release is untouched.")
        for line in failed_run_lines(result, paths.working_db):
            log.say(line)
        return 1
    release = _release_metadata(result)
    if release is None:
        checks = result.get_asset_check_evaluations()
        passed = sum(1 for evaluation in checks if evaluation.passed)
        log.say(f"\nFrontline: built and checked; {passed} of {len(checks)} checks passed.")
        log.say("  nothing was published: latest and the published database are unchanged.")
    elif release.get("synthetic") is not None and release["synthetic"].value:
        log.say("\nFrontline: synthetic release written (built from synthetic input files).")
        log.say(f"  release:            {release['release_folder'].value}")
        log.say("  latest and the published database are unchanged (last real release).")
    else:
        latest = paths.releases_dir / "latest"
        log.say("\nFrontline: published.")
        log.say(f"  release:            {latest.resolve()}")
        log.say(f"  latest pointer:     {latest}")
        log.say(f"  published database: {paths.published_db}  (open read-only)")
        site = latest / "site" / "index.html"
        if site.is_file():
            log.say(f"  website:            {site}  (open in a browser, from disk)")
    for line in load_report_lines(paths.working_db):
        log.say(line)
    return 0


def _release_metadata(result: dg.ExecuteInProcessResult) -> dict[str, Any] | None:
    """The metadata of the release this run wrote, if it wrote one."""
    for event in result.get_asset_materialization_events():
        materialization = event.materialization
        if materialization.asset_key.path == ["publish", "release"]:
            return dict(materialization.metadata)
    return None


def run(
    paths: FrontlinePaths,
    console: TextIO | None = None,
    select: Sequence[str] = (),
    publish: bool = True,
    command: str = "frontline run",
) -> int:
    """`frontline run`: the main job over every month in the drop folder; with ``select`` only
    those sectors or assets (and no publication), with ``publish=False`` everything but the
    publish (`frontline check`)."""
    from orchestration.definitions import build_definitions
    from orchestration.selection import SelectionError, selected_keys

    defs = build_definitions(paths)
    try:
        keys = selected_keys(defs, select, publish=publish)
    except SelectionError as error:
        print(error, file=console or sys.stdout, flush=True)
        return EXIT_USAGE
    job = defs.resolve_job_def("frontline_release")
    return run_job(
        paths,
        job,
        prepare=lambda instance: release_request(paths, instance, asset_selection=keys),
        console=console,
        command=command,
    )


def dev(paths: FrontlinePaths, host: str = "127.0.0.1", port: int = 3000) -> int:
    """`frontline dev`: the Dagster UI on this home, after the same lock and recovery as a run."""
    try:
        prepare_dev(paths)
    except RunLockHeld as busy:
        print(busy, flush=True)
        return EXIT_BUSY
    except RecoveryError as error:
        print(error, flush=True)
        return 1
    dagster = Path(sys.executable).with_name("dagster")
    os.chdir(PROJECT_DIR)  # [tool.dagster] in pyproject.toml names the code location "frontline"
    stoppable_after_exec()
    os.execv(dagster, [str(dagster), "dev", "--host", host, "--port", str(port)])
    return 1  # not reached


def stoppable_after_exec() -> None:
    """Make the exec'd `dagster dev` stop on SIGTERM, and with its parent.

    `dagster dev` maps SIGTERM to its SIGINT handler, and a shell starts a background job with
    SIGINT ignored, which survives exec: `make dev &` then ignored SIGTERM and SIGINT alike. Reset
    SIGINT to the default (Python then raises KeyboardInterrupt, which dagster dev handles by
    shutting its webserver and daemon down). And make does not pass SIGTERM on to its recipe, so
    ask Linux to send SIGTERM when the parent (make, or the shell) dies (PR_SET_PDEATHSIG survives
    exec). Both signals are also unblocked: a blocked mask survives exec as well."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM, 0, 0, 0)


def prepare_dev(paths: FrontlinePaths) -> RunLock:
    """Take the home's run lock for as long as the UI serves (its sensor and schedule start runs
    that write the working database; the lock is kept across exec), recover from a dead run and
    point DAGSTER_HOME at the home's instance."""
    lock = acquire_run_lock(paths.home, "frontline dev")
    try:
        for line in recover(persistent_instance(paths), paths.working_db):
            print(line, flush=True)
    except RecoveryError:
        lock.release()
        raise
    os.environ["DAGSTER_HOME"] = str(dagster_home(paths))
    lock.keep_across_exec()
    return lock


def _hide_library_notices() -> None:
    """Dagster's notices about its own beta and preview APIs say nothing a user can act on."""
    import warnings

    import dagster as dg

    warnings.filterwarnings("ignore", category=dg.BetaWarning)
    warnings.filterwarnings("ignore", category=dg.PreviewWarning)


ENVIRONMENT = {
    "FRONTLINE_HOME": "where runs write: warehouse, releases, published database, logs, the "
    "Dagster instance (default: var/ in the checkout)",
    "FRONTLINE_DATA_DIR": "the published files to load (default: data/ in the checkout)",
    "FRONTLINE_KEEP_RELEASES": "how many release folders to keep; older ones are pruned after "
    "each publish, never the latest (default: 10)",
    "FRONTLINE_DBT_TARGET_PATH": "where dbt parses the project (default: target/)",
    "DAGSTER_HOME": "the Dagster instance (default: <FRONTLINE_HOME>/dagster)",
    "DBT_TARGET": "the dbt profile target `mf query` reads: published (the home's published "
    "database, read-only) or local (the working database, the default); runs always use local",
    **SERVE_ENVIRONMENT,
}
EXIT_CODES = {
    0: "success (run: the release was published, or a synthetic one written)",
    1: "the command failed: a run published nothing and left the previous release untouched",
    EXIT_USAGE: "usage error (an unknown command or option, a --select that matches nothing)",
    EXIT_BUSY: "another live run, UI or serve holds this home: try again when it ends",
}


def _epilog() -> str:
    env = "\n".join(f"  {name}: {text}" for name, text in ENVIRONMENT.items())
    codes = "\n".join(f"  {code}: {text}" for code, text in EXIT_CODES.items())
    return f"\b\nEnvironment variables:\n{env}\n\n\b\nExit codes:\n{codes}"


def _version() -> str:
    from importlib import metadata

    parts = [f"frontline {metadata.version('frontline')}"]
    for package in ("dagster", "dbt-core", "dbt-duckdb", "duckdb"):
        parts.append(f"{package} {metadata.version(package)}")
    return ", ".join(parts)


@click.group(
    help="Frontline: load the published files, build and check the warehouse, publish releases.",
    epilog=_epilog(),
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(message="%(version)s", version=_version())
def frontline() -> None:
    _hide_library_notices()


SECTOR_HELP = (
    "a sector (police, health, education, local_gov, justice, geography: its sources and "
    "everything downstream) or a Dagster asset selection such as "
    "'+key:\"marts/rpt_nhs_cost_index\"'; repeatable. A selected run publishes nothing."
)


@frontline.command("run", epilog=_epilog())
@click.option("--select", "select", multiple=True, metavar="SECTOR|SELECTION", help=SECTOR_HELP)
@click.option(
    "--no-publish", is_flag=True, help="build and check everything, publish nothing (= check)"
)
def run_command(select: tuple[str, ...], no_publish: bool) -> int:
    """Load, build, check and publish: the main job, over every month in the drop folder."""
    return run(FrontlinePaths.from_env(), select=select, publish=not no_publish)


@frontline.command("check", epilog=_epilog())
@click.option("--select", "select", multiple=True, metavar="SECTOR|SELECTION", help=SECTOR_HELP)
def check_command(select: tuple[str, ...]) -> int:
    """Load, build and run every check, publish nothing: exit 0 when every blocking check passed."""
    return run(FrontlinePaths.from_env(), select=select, publish=False, command="frontline check")


@frontline.command("dev", epilog=_epilog())
@click.option("--host", default="127.0.0.1", show_default=True, help="address the UI serves on")
@click.option("--port", default=3000, show_default=True, type=int, help="port the UI serves on")
def dev_command(host: str, port: int) -> int:
    """The Dagster UI on this home (runs, assets, checks, the drop-folder sensor)."""
    return dev(FrontlinePaths.from_env(), host=host, port=port)


@frontline.group("releases")
def releases_group() -> None:
    """The release folders of this home (read from their manifests)."""


@releases_group.command("list")
def releases_list() -> int:
    """Every release, oldest first; * marks the published one."""
    from orchestration.publish.listing import list_releases

    found = list_releases(FrontlinePaths.from_env())
    if not found:
        click.echo("no releases yet: frontline run publishes the first")
    for r in found:
        click.echo(
            f"{'*' if r.latest else ' '} {r.release_id}  {r.created_at}  "
            f"{'synthetic' if r.synthetic else 'published' if r.latest else 'earlier  '}  "
            f"{r.tables} tables, {r.rows:,} rows, {r.checks_passed}/{r.checks} checks passed"
        )
    return 0


@releases_group.command("show")
@click.argument("release_id", required=False)
def releases_show(release_id: str | None) -> int:
    """What one release holds (the published one when no RELEASE_ID is given)."""
    from orchestration.publish.listing import UnknownRelease, describe

    try:
        lines = describe(FrontlinePaths.from_env(), release_id)
    except UnknownRelease as error:
        click.echo(str(error), err=True)
        return 1
    click.echo("\n".join(lines))
    return 0


@releases_group.command("diff")
@click.argument("old_id", required=False)
@click.argument("new_id", required=False)
def releases_diff(old_id: str | None, new_id: str | None) -> int:
    """What changed from OLD_ID to NEW_ID: tables (rows removed and added, columns), sources and
    checks. Without ids: the release before the published one, to the published one."""
    from orchestration.publish.listing import UnknownRelease
    from orchestration.publish.release_diff import diff_lines

    try:
        lines = diff_lines(FrontlinePaths.from_env(), old_id, new_id)
    except UnknownRelease as error:
        click.echo(str(error), err=True)
        return 1
    click.echo("\n".join(lines))
    return 0


frontline.add_command(synthetic_group)
frontline.add_command(serve_command)


def main(argv: list[str] | None = None) -> int:
    """The ``frontline`` command; returns its exit status (see ``EXIT_CODES``)."""
    try:
        status = frontline.main(args=argv, prog_name="frontline", standalone_mode=False)
    except click.exceptions.Exit as done:  # --help, --version
        return done.exit_code
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except click.Abort:
        return 1
    return status if isinstance(status, int) else 0


if __name__ == "__main__":
    sys.exit(main())
