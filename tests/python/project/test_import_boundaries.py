"""The package boundaries, read from the source with ``ast``:

- ``frontline_stats`` (the statistics) imports nothing from ``orchestration``, Dagster or dbt;
- the dbt Python models (``models/**/*.py``) import nothing from ``orchestration``.

So the dbt project depends on the statistics package, never on the orchestration package, and the
statistics can be read and tested without either. Every form of import is caught: ``import x``,
``from x import y``, imports inside functions, and ``importlib.import_module("x")`` /
``__import__("x")`` with a literal name.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
STATS = ROOT / "frontline_stats"
MODELS = ROOT / "models"
STATS_FORBIDDEN = ("orchestration", "dagster", "dagster_dbt", "dagster_webserver", "dbt")
MODELS_FORBIDDEN = ("orchestration",)


def imported_modules(source: str, filename: str = "<source>") -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in ``source``; relative imports are skipped
    (they stay inside their own package)."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0 and node.module:
                found.append((node.lineno, node.module))
        elif isinstance(node, ast.Call) and _is_dynamic_import(node.func):
            if node.args and isinstance(node.args[0], ast.Constant):
                if isinstance(node.args[0].value, str):
                    found.append((node.lineno, node.args[0].value))
    return sorted(found)


def _is_dynamic_import(func: ast.expr) -> bool:
    if isinstance(func, ast.Name):
        return func.id in ("__import__", "import_module")
    return isinstance(func, ast.Attribute) and func.attr == "import_module"


def violations(files: list[Path], forbidden: tuple[str, ...], root: Path = ROOT) -> list[str]:
    """'path:line imports module' for each import whose top-level package is forbidden."""
    found = []
    for path in files:
        for line, module in imported_modules(path.read_text(encoding="utf-8"), str(path)):
            if module.split(".")[0] in forbidden:
                found.append(f"{path.relative_to(root).as_posix()}:{line} imports {module}")
    return found


def python_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def test_the_statistics_import_nothing_from_orchestration_dagster_or_dbt() -> None:
    files = python_files(STATS)
    assert len(files) >= 30  # compare, disclosure, levers and the report card
    assert violations(files, STATS_FORBIDDEN) == []


def test_the_dbt_python_models_import_nothing_from_orchestration() -> None:
    files = python_files(MODELS)
    assert len(files) >= 10
    assert violations(files, MODELS_FORBIDDEN) == []
    # and they do use the statistics package, the one they may depend on
    uses = {m for p in files for _, m in imported_modules(p.read_text(encoding="utf-8"))}
    assert any(m.startswith("frontline_stats.") for m in uses)


def test_importing_every_statistics_module_loads_no_orchestration_dagster_or_dbt() -> None:
    modules = [
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for p in python_files(STATS)
    ]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        f"print(sorted({{m for m in sys.modules if m.split('.')[0] in {STATS_FORBIDDEN!r}}}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


# --- the checks can fail ------------------------------------------------------------------------

VIOLATING = {
    "import orchestration": "orchestration",
    "import orchestration.paths as p": "orchestration.paths",
    "from orchestration.publish import charts": "orchestration.publish",
    "import dagster as dg": "dagster",
    "from dagster_dbt import DbtCliResource": "dagster_dbt",
    "import dbt.adapters.duckdb": "dbt.adapters.duckdb",
    "def f():\n    from dbt.cli.main import dbtRunner": "dbt.cli.main",
    "import importlib\nimportlib.import_module('orchestration.jobs')": "orchestration.jobs",
    "__import__('dagster')": "dagster",
}
ALLOWED = [
    "import pandas as pd",
    "from frontline_stats.compare.funnel import funnel_limits",
    "from . import funnel",
    "from .summary import comparison_sentence",
    "import dbtlike",  # a package whose name only starts with 'dbt'
    "import orchestrations",
]


@pytest.mark.parametrize("source", sorted(VIOLATING))
def test_each_forbidden_import_form_is_caught(source: str, tmp_path: Path) -> None:
    assert VIOLATING[source] in [m for _, m in imported_modules(source)]
    found = _probe(tmp_path, "frontline_stats/probe.py", source, STATS_FORBIDDEN)
    assert found == [
        f"frontline_stats/probe.py:{source.count(chr(10)) + 1} imports {VIOLATING[source]}"
    ]


@pytest.mark.parametrize("source", ALLOWED)
def test_allowed_imports_pass(source: str, tmp_path: Path) -> None:
    assert _probe(tmp_path, "frontline_stats/probe.py", source, STATS_FORBIDDEN) == []


def test_a_model_importing_orchestration_is_caught(tmp_path: Path) -> None:
    source = (
        "from frontline_stats.report_card import report_card\n"
        "from orchestration.paths import FrontlinePaths\n"
    )
    assert _probe(tmp_path, "models/marts/probe.py", source, MODELS_FORBIDDEN) == [
        "models/marts/probe.py:2 imports orchestration.paths"
    ]
    # a model may import the statistics, pandas and the like
    assert _probe(tmp_path, "models/marts/probe.py", "import pandas\n", MODELS_FORBIDDEN) == []


def _probe(tmp_path: Path, rel: str, source: str, forbidden: tuple[str, ...]) -> list[str]:
    """``violations`` over one scratch file at ``rel`` under a scratch root (nothing is written
    into the repository)."""
    path = tmp_path / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source, encoding="utf-8")
    return violations(python_files(tmp_path), forbidden, root=tmp_path)
