"""The `frontline` command line: every command and environment variable in --help, --version,
exit codes, and the UI's host and port."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

from orchestration import cli
from orchestration.cli import ENVIRONMENT, EXIT_BUSY, EXIT_CODES, main


def test_help_lists_every_command_environment_variable_and_exit_code(capsys):
    assert main(["--help"]) == 0
    shown = capsys.readouterr().out
    for command in ("run", "dev", "releases"):
        assert f"\n  {command} " in shown
    for name in ENVIRONMENT:
        assert f"  {name}: " in shown
    for code in EXIT_CODES:
        assert f"  {code}: " in shown
    assert EXIT_BUSY in EXIT_CODES
    # every FRONTLINE_ variable the code reads is documented
    read = set()
    for path in Path(cli.__file__).parent.rglob("*.py"):
        text = path.read_text()
        read |= {
            word.strip("\"'[]()")
            for word in text.replace("(", " ").split()
            if word.strip("\"'[]()").startswith("FRONTLINE_")
            and ("environ" in text or "getenv" in text)
        }
    read = {name for name in read if name.isupper() and name.replace("_", "").isalnum()}
    assert read - {"FRONTLINE_WORKING_DB"} <= set(ENVIRONMENT)  # set by a run for dbt itself


def test_version_names_frontline_and_its_engines(capsys):
    assert main(["--version"]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith(f"frontline {metadata.version('frontline')}, ")
    assert f"duckdb {metadata.version('duckdb')}" in shown


def test_an_unknown_command_is_a_usage_error(capsys):
    assert main(["publish-everything"]) == 2
    assert "No such command" in capsys.readouterr().err


def test_dev_passes_host_and_port_to_the_ui(monkeypatch, tmp_path):
    monkeypatch.setenv("FRONTLINE_HOME", str(tmp_path / "home"))
    started = {}
    monkeypatch.setattr(cli, "prepare_dev", lambda paths: None)
    monkeypatch.setattr(cli.os, "chdir", lambda path: None)
    monkeypatch.setattr(cli.os, "execv", lambda exe, argv: started.update(argv=argv))
    main(["dev", "--host", "0.0.0.0", "--port", "3111"])
    assert started["argv"][1:] == ["dev", "--host", "0.0.0.0", "--port", "3111"]
    main(["dev"])
    assert started["argv"][1:] == ["dev", "--host", "127.0.0.1", "--port", "3000"]


def test_run_select_and_check_build_part_of_the_graph_and_never_publish(monkeypatch, tmp_path):
    from orchestration.definitions import build_definitions
    from orchestration.paths import FrontlinePaths
    from orchestration.selection import PUBLISH_KEY, SECTORS, selected_keys

    defs = build_definitions(FrontlinePaths(home=tmp_path / "home"))
    police = set(selected_keys(defs, ["police"], publish=True))
    assert PUBLISH_KEY not in police
    raw = {key.path[1] for key in police if key.path[0] == "raw"}
    assert raw == {source.name for source in SECTORS["police"]}
    assert ("marts", "rpt_police_report_card") in {tuple(key.path) for key in police}
    assert ("marts", "rpt_nhs_unit_cost_spread") not in {tuple(key.path) for key in police}
    health = {tuple(key.path) for key in selected_keys(defs, ["health"], publish=True)}
    assert ("marts", "rpt_police_recorded_crime") not in health
    # --no-publish: everything but the publish; no option: the whole job (None)
    everything = selected_keys(defs, [], publish=False)
    assert len(everything) == len(defs.resolve_asset_graph().get_all_asset_keys()) - 1
    assert selected_keys(defs, [], publish=True) is None
    one = selected_keys(defs, ['key:"marts/rpt_nhs_cost_index"', "justice"], publish=True)
    assert ("marts", "rpt_nhs_cost_index") in {tuple(key.path) for key in one}

    calls = []
    monkeypatch.setattr(cli, "run_job", lambda paths, job, **kw: calls.append(kw) or 0)
    monkeypatch.setenv("FRONTLINE_HOME", str(tmp_path / "home"))
    assert main(["check", "--select", "health"]) == 0
    assert calls[-1]["command"] == "frontline check"


def test_a_select_that_matches_nothing_is_a_usage_error(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("FRONTLINE_HOME", str(tmp_path / "home"))
    assert main(["run", "--select", 'key:"marts/no_such_mart"']) == 2
    shown = capsys.readouterr().out.strip()
    assert shown == '--select key:"marts/no_such_mart": no asset matches'
    assert main(["run", "--select", "policing(("]) == 2
    assert "not a sector (police, health," in capsys.readouterr().out


def test_synthetic_commands_write_files_marked_synthetic(tmp_path, capsys):
    from orchestration.paths import DEFAULT_DATA_DIR
    from orchestration.raw.landing.synthetic import is_synthetic
    from orchestration.synthetic import ncc_trust_schedules

    data = tmp_path / "data"
    national = data / ncc_trust_schedules.NATIONAL_SCHEDULE
    national.parent.mkdir(parents=True)
    national.write_bytes((DEFAULT_DATA_DIR / ncc_trust_schedules.NATIONAL_SCHEDULE).read_bytes())
    argv = ["synthetic", "ncc-trust-schedules", "--trusts", "3", "--data-dir", str(data)]
    assert main(argv) == 0
    written = sorted((data / ncc_trust_schedules.OUTPUT_DIR).glob("*.csv"))
    assert len(written) == 3 and all(is_synthetic(path) for path in written)
    assert "wrote 3 synthetic trust schedules" in capsys.readouterr().out
