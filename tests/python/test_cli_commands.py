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
