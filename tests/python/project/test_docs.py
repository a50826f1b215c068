"""The README and docs/ against the tree.

(a) The README's layer map (the table under "## Where to look", one row per path) lists exactly
    the layer folders under models/ and the top-level folders of the repository.
(b) Every repository path cited in code comments, docstrings, YAML descriptions and comments, the
    README and docs/ (a path that starts with a top-level folder, such as `docs/<page>.md` or
    `models/core/`) exists. A placeholder (`<name>`, `*`) must match at least one file; a path
    under data/ may also name the folder of an optional source that ships no file (its glob in
    the source catalog).
(c) Every relative link in README.md and docs/**/*.md resolves: the file or folder exists, and
    an anchor names a heading of the target page.

Each check is a function of the repository root, so the tests below also run it on a small
made-up repository to show that it fails on a bad case.
"""

from __future__ import annotations

import ast
import fnmatch
import io
import re
import tokenize
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[3]

# Prefixes cited paths start with besides the top-level folders: the design notes are not in the
# repository, so a citation of a file among them is always reported.
EXTRA_PREFIXES = ("design", "docs")
PYTHON_FOLDERS = (
    "orchestration",
    "frontline_stats",
    "expectations",
    "tests",
    "scripts",
    "benchmarks",
    "models",
)
SQL_FOLDERS = ("models", "macros", "tests")
YAML_FOLDERS = ("models", "seeds", "tests", "macros")


# --- the tree ----------------------------------------------------------------------------------


def ignore_patterns(root: Path) -> list[tuple[str, bool]]:
    """(pattern, anchored) for each plain .gitignore line: anchored ones ('/var/') apply to the
    top level only. Negations and patterns with an inner slash are not used here."""
    gitignore = root / ".gitignore"
    if not gitignore.exists():
        return []
    patterns = []
    for line in gitignore.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith(("#", "!")):
            continue
        anchored = line.startswith("/")
        pattern = line.strip("/")
        if "/" not in pattern:
            patterns.append((pattern, anchored))
    return patterns


def is_ignored(name: str, patterns: list[tuple[str, bool]], top_level: bool) -> bool:
    return any(
        fnmatch.fnmatch(name, pattern)
        for pattern, anchored in patterns
        if top_level or not anchored
    )


def walk_files(folder: Path, patterns: list[tuple[str, bool]]) -> Iterator[Path]:
    """Files under ``folder`` that git would see: no hidden or ignored folders or files."""
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or is_ignored(path.name, patterns, top_level=False):
            continue
        if path.is_dir():
            yield from walk_files(path, patterns)
        elif path.is_file():
            yield path


def has_files(folder: Path, patterns: list[tuple[str, bool]]) -> bool:
    return next(walk_files(folder, patterns), None) is not None


def top_level_folders(root: Path) -> list[str]:
    """Top-level folders with at least one file git would see (not hidden, not ignored)."""
    patterns = ignore_patterns(root)
    return sorted(
        path.name
        for path in root.iterdir()
        if path.is_dir()
        and not path.name.startswith(".")
        and not is_ignored(path.name, patterns, top_level=True)
        and has_files(path, patterns)
    )


def folders_to_map(root: Path) -> set[str]:
    """What the layer map must list: models/<layer>/ for each layer, and every top-level folder
    but models/ itself."""
    patterns = ignore_patterns(root)
    layers = {
        f"models/{path.name}/"
        for path in (root / "models").iterdir()
        if path.is_dir() and not path.name.startswith(".") and has_files(path, patterns)
    }
    return layers | {f"{name}/" for name in top_level_folders(root) if name != "models"}


# --- (a) the layer map -------------------------------------------------------------------------

MAP_HEADING = "## Where to look"
MAP_ROW = re.compile(r"^\|\s*`([^`]+)`\s*\|")


def layer_map(readme: str) -> list[str]:
    """The paths in the first column of the table under MAP_HEADING, in order."""
    lines = readme.splitlines()
    if MAP_HEADING not in lines:
        raise AssertionError(f"README.md has no '{MAP_HEADING}' section")
    paths = []
    for line in lines[lines.index(MAP_HEADING) + 1 :]:
        if line.startswith("## "):
            break
        match = MAP_ROW.match(line)
        if match:
            paths.append(match.group(1))
    return paths


def layer_map_problems(root: Path) -> list[str]:
    listed = layer_map((root / "README.md").read_text())
    expected = folders_to_map(root)
    problems = [
        f"listed twice: {path}" for path in sorted({p for p in listed if listed.count(p) > 1})
    ]
    problems += [f"in the tree, not in the map: {path}" for path in sorted(expected - set(listed))]
    problems += [f"in the map, not in the tree: {path}" for path in sorted(set(listed) - expected)]
    return problems


def test_the_layer_map_lists_every_layer_and_top_level_folder():
    assert layer_map_problems(ROOT) == []


def test_the_layer_map_names_the_five_layers_in_order():
    layers = [p for p in layer_map((ROOT / "README.md").read_text()) if p.startswith("models/")]
    assert layers == [
        "models/staging/",
        "models/intermediate/",
        "models/core/",
        "models/comparison/",
        "models/marts/",
    ]


def _made_up_repository(root: Path) -> None:
    (root / ".gitignore").write_text("/var/\n__pycache__/\n")
    for folder in ("models/staging", "models/marts", "orchestration", "var", "data"):
        (root / folder).mkdir(parents=True)
        (root / folder / "f.txt").write_text("x")
    (root / "empty").mkdir()  # no file: git does not know it
    (root / "README.md").write_text(
        "# X\n\n## Where to look\n\n| path | what |\n|---|---|\n"
        "| `models/staging/` | views |\n| `models/marts/` | tables |\n"
        "| `orchestration/` | code |\n| `data/` | files |\n\n"
        "## Next\n\n| `seeds/` | not the map |\n"
    )


def test_the_layer_map_check_fails_on_a_folder_added_or_removed(tmp_path):
    _made_up_repository(tmp_path)
    assert layer_map_problems(tmp_path) == []

    (tmp_path / "models" / "core").mkdir()
    (tmp_path / "models" / "core" / "dim.sql").write_text("select 1")
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "s.py").write_text("")
    assert layer_map_problems(tmp_path) == [
        "in the tree, not in the map: models/core/",
        "in the tree, not in the map: scripts/",
    ]

    for folder in ("models/core", "scripts", "orchestration"):
        for file in (tmp_path / folder).iterdir():
            file.unlink()
        (tmp_path / folder).rmdir()
    (tmp_path / "orchestration" / "__pycache__").mkdir(parents=True)  # left behind by a move
    (tmp_path / "orchestration" / "__pycache__" / "a.pyc").write_text("")
    assert layer_map_problems(tmp_path) == ["in the map, not in the tree: orchestration/"]


# --- (b) cited paths ---------------------------------------------------------------------------


def python_prose(text: str) -> Iterator[str]:
    """Comments and docstrings of a Python file."""
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type == tokenize.COMMENT:
            yield token.string
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            docstring = ast.get_docstring(node, clean=False)
            if docstring:
                yield docstring


SQL_COMMENT = re.compile(r"--[^\n]*|\{#.*?#\}|/\*.*?\*/", re.DOTALL)
YAML_COMMENT = re.compile(r"(?:^|\s)#([^\n]*)", re.MULTILINE)


def sql_prose(text: str) -> Iterator[str]:
    """`--`, `/* */` and Jinja `{# #}` comments of a SQL file."""
    yield from SQL_COMMENT.findall(text)


def yaml_prose(text: str) -> Iterator[str]:
    """Comments and every `description` value of a YAML file."""
    yield from YAML_COMMENT.findall(text)

    def descriptions(node: object) -> Iterator[str]:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "description" and isinstance(value, str):
                    yield value
                else:
                    yield from descriptions(value)
        elif isinstance(node, list):
            for item in node:
                yield from descriptions(item)

    yield from descriptions(yaml.safe_load(text))


def prose_by_file(root: Path) -> Iterator[tuple[Path, str]]:
    """(file, text) for the prose of every code file, YAML file, README.md and docs/ page."""
    patterns = ignore_patterns(root)

    def files(folders: Iterable[str], suffixes: tuple[str, ...]) -> Iterator[Path]:
        for folder in folders:
            if (root / folder).is_dir():
                yield from (p for p in walk_files(root / folder, patterns) if p.suffix in suffixes)

    for path in files(PYTHON_FOLDERS, (".py",)):
        yield from ((path, text) for text in python_prose(path.read_text()))
    for path in files(SQL_FOLDERS, (".sql",)):
        yield from ((path, text) for text in sql_prose(path.read_text()))
    yaml_files = [*files(YAML_FOLDERS, (".yml", ".yaml"))]
    yaml_files += [p for p in (root / "dbt_project.yml",) if p.exists()]
    for path in yaml_files:
        yield from ((path, text) for text in yaml_prose(path.read_text()))
    for path in markdown_files(root):
        yield path, path.read_text()


def markdown_files(root: Path) -> list[Path]:
    pages = sorted((root / "docs").rglob("*.md")) if (root / "docs").is_dir() else []
    readme = root / "README.md"
    return ([readme] if readme.exists() else []) + pages


def cited_path_pattern(root: Path) -> re.Pattern[str]:
    prefixes = sorted({*top_level_folders(root), *EXTRA_PREFIXES})
    alternatives = "|".join(re.escape(prefix) for prefix in prefixes)
    # not inside another path, a URL or a word: 'x-design/...', 'github.com/o/r/tests/...'
    return re.compile(rf"(?<![\w./-])((?:{alternatives})/[\w./*<>-]*)")


def citations(root: Path) -> dict[str, set[str]]:
    """Cited path -> the files citing it (relative to root)."""
    pattern = cited_path_pattern(root)
    cited: dict[str, set[str]] = {}
    for path, text in prose_by_file(root):
        for match in pattern.finditer(text):
            path_cited = match.group(1).rstrip(".,:;-")
            cited.setdefault(path_cited, set()).add(str(path.relative_to(root)))
    return cited


def optional_source_folders() -> tuple[str, ...]:
    """data/<folder> of each optional source (files a user drops in; none ship)."""
    from orchestration.raw.catalog import SOURCES

    return tuple("data/" + source.glob.rsplit("/", 1)[0] for source in SOURCES if source.optional)


def path_exists(root: Path, cited: str, optional_folders: Iterable[str] = ()) -> bool:
    path = re.sub(r"<[^>]*>", "*", cited).rstrip("/")
    if "*" in path:
        found = next(root.glob(path), None) is not None
    else:
        found = (root / path).exists()
    if found:
        return True
    return path.startswith("data/") and any(
        path == folder or path.startswith(folder + "/") for folder in optional_folders
    )


def missing_citations(root: Path, optional_folders: Iterable[str] = ()) -> list[str]:
    optional_folders = tuple(optional_folders)
    return [
        f"{cited} (cited in {', '.join(sorted(files))})"
        for cited, files in sorted(citations(root).items())
        if not path_exists(root, cited, optional_folders)
    ]


def test_every_cited_repository_path_exists():
    assert missing_citations(ROOT, optional_source_folders()) == []


def test_the_citation_check_reads_code_docs_and_yaml():
    citing = {file for files in citations(ROOT).values() for file in files}
    assert "README.md" in citing
    assert any(file.startswith("docs/methods/") for file in citing)
    assert {".py", ".sql", ".yml"} <= {Path(file).suffix for file in citing}


def test_the_citation_check_fails_on_a_path_that_does_not_exist(tmp_path):
    _made_up_repository(tmp_path)
    (tmp_path / "orchestration" / "m.py").write_text(
        '"""Formulas from design/methods.md; see models/staging/f.txt."""\n'
        "x = 'models/nowhere.sql'  # a string is code, not prose\n"
        "# comment: orchestration/gone.py and models/<layer>/f.txt\n"
    )
    (tmp_path / "models" / "staging" / "s.sql").write_text(
        "-- reads data/f.txt and data/missing.csv\n{# jinja: orchestration/jinja.sql #}\nselect 1\n"
    )
    (tmp_path / "models" / "staging" / "_s.yml").write_text(
        "# YAML comment: orchestration/f.txt\n"
        "models:\n  - name: s\n    description: Built as in docs/methods/police.md.\n"
    )
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "p.md").write_text(
        "Drop files in `data/optional/<name>.csv`; see `orchestration/f.txt`, "
        "x-design/paper and https://github.com/o/r/blob/main/data/nothing.csv.\n"
    )
    assert missing_citations(tmp_path, optional_folders=["data/optional"]) == [
        "data/missing.csv (cited in models/staging/s.sql)",
        "design/methods.md (cited in orchestration/m.py)",
        "docs/methods/police.md (cited in models/staging/_s.yml)",
        "orchestration/gone.py (cited in orchestration/m.py)",
        "orchestration/jinja.sql (cited in models/staging/s.sql)",
    ]
    assert missing_citations(tmp_path) == [
        "data/missing.csv (cited in models/staging/s.sql)",
        "data/optional/<name>.csv (cited in docs/p.md)",
        "design/methods.md (cited in orchestration/m.py)",
        "docs/methods/police.md (cited in models/staging/_s.yml)",
        "orchestration/gone.py (cited in orchestration/m.py)",
        "orchestration/jinja.sql (cited in models/staging/s.sql)",
    ]


# --- (c) relative links ------------------------------------------------------------------------

LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)


def heading_anchors(page: Path) -> set[str]:
    """GitHub's anchors for a page's headings: lower case, punctuation dropped, spaces to '-'."""
    text = FENCE.sub("", page.read_text())
    anchors = set()
    for line in text.splitlines():
        match = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if match:
            title = re.sub(r"[^\w\- ]", "", match.group(1).lower().replace("`", ""))
            anchors.add(title.replace(" ", "-"))
    return anchors


def broken_links(root: Path) -> list[str]:
    broken = []
    for page in markdown_files(root):
        for target in LINK.findall(FENCE.sub("", page.read_text())):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto:
                continue
            file_part, _, anchor = target.partition("#")
            linked = (page.parent / file_part).resolve() if file_part else page
            where = f"{page.relative_to(root)}: {target}"
            if not linked.exists():
                broken.append(f"{where} (no such file)")
            elif anchor and (linked.suffix != ".md" or anchor not in heading_anchors(linked)):
                broken.append(f"{where} (no such heading)")
    return broken


def test_every_relative_link_in_the_readme_and_docs_resolves():
    assert broken_links(ROOT) == []


def test_the_link_check_fails_on_a_missing_page_or_heading(tmp_path):
    (tmp_path / "docs" / "methods").mkdir(parents=True)
    (tmp_path / "docs" / "methods" / "police.md").write_text(
        "# Police\n\n## The cost index (NCCI)\n\n```\n## not a heading\n```\n"
    )
    (tmp_path / "README.md").write_text(
        "[ok](docs/methods/police.md) [ok](docs/methods/police.md#the-cost-index-ncci) "
        "[ok](docs/methods/) [web](https://example.org/x.md)\n"
        "[bad](docs/methods/health.md) [bad](docs/methods/police.md#not-a-heading) [ok](#x)\n\n"
        "## X\n\n```\n[in code](nowhere.md)\n```\n"
    )
    assert broken_links(tmp_path) == [
        "README.md: docs/methods/health.md (no such file)",
        "README.md: docs/methods/police.md#not-a-heading (no such heading)",
    ]
    assert heading_anchors(tmp_path / "docs" / "methods" / "police.md") == {
        "police",
        "the-cost-index-ncci",
    }


@pytest.mark.parametrize(
    ("title", "anchor"),
    [
        ("The cost index (NCCI)", "the-cost-index-ncci"),
        ("The street-level drop folder", "the-street-level-drop-folder"),
        ("Local government and value for money", "local-government-and-value-for-money"),
    ],
)
def test_heading_anchors_follow_github(tmp_path, title, anchor):
    page = tmp_path / "p.md"
    page.write_text(f"## {title}\n")
    assert heading_anchors(page) == {anchor}
