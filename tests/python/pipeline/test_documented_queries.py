"""Every query the README and docs show with its output gives that output on the shipped data.

A documented example is a fenced ``sql`` block, or a ``python`` block that runs
``con.sql(\"\"\"...\"\"\")``, followed by a fenced block holding DuckDB's table rendering of the
result. The test runs the query against the published database of the shared run and compares
every cell: numbers as numbers, text as text, a cell DuckDB cut short (ending in an ellipsis) by
its prefix. So a figure in the prose's examples comes from a command, and a change to the data or
the method that moves it fails here until the docs say the new figure.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from orchestration.paths import PROJECT_DIR

DOCUMENTS = [PROJECT_DIR / "README.md", *sorted((PROJECT_DIR / "docs").rglob("*.md"))]
FENCE = re.compile(r"```(\w*)\n(.*?)```\n", re.S)
PYTHON_QUERY = re.compile(r'con\.sql\(\s*"""(.*?)"""', re.S)
ELLIPSIS = "…"


@dataclass(frozen=True)
class Example:
    document: Path
    line: int
    query: str
    header: list[str]
    rows: list[list[str]]

    def __str__(self) -> str:
        return f"{self.document.relative_to(PROJECT_DIR)}:{self.line}"


def _table(text: str) -> tuple[list[str], list[list[str]]] | None:
    """Header and body cells of DuckDB's box rendering (the type row and footer left out)."""
    lines = [line for line in text.splitlines() if line.startswith("│")]
    if len(lines) < 2:
        return None
    cells = [[cell.strip() for cell in line.strip("│").split("│")] for line in lines]
    return cells[0], cells[2:]


def examples(document: Path) -> list[Example]:
    text = document.read_text(encoding="utf-8")
    fences = list(FENCE.finditer(text))
    found = []
    for block, following in zip(fences, fences[1:], strict=False):
        language, body = block.group(1), block.group(2)
        if text[block.end() : following.start()].strip():
            continue  # prose between: the next block is not this one's output
        if language == "sql":
            query = body
        elif language == "python" and (match := PYTHON_QUERY.search(body)):
            query = match.group(1)
        else:
            continue
        table = _table(following.group(2))
        if table is None:
            continue
        line = text.count("\n", 0, block.start()) + 1
        found.append(Example(document, line, query.strip().rstrip(";"), *table))
    return found


EXAMPLES = [example for document in DOCUMENTS for example in examples(document)]


def cell_matches(documented: str, value: object) -> bool:
    if value is None:
        return documented in ("NULL", "")
    if isinstance(value, bool):
        return documented == str(value).lower()
    if isinstance(value, int | float):
        try:
            return math.isclose(float(documented), float(value), rel_tol=0, abs_tol=1e-9)
        except ValueError:
            return False
    shown = str(value)
    if documented.endswith(ELLIPSIS):
        return shown.startswith(documented[:-1].rstrip())
    return documented == shown


def test_the_docs_show_query_examples():
    # the README's example, the querying guide's and the comparison method's at least
    assert {e.document.name for e in EXAMPLES} >= {"README.md", "querying.md", "comparisons.md"}


@pytest.mark.parametrize("example", EXAMPLES, ids=str)
def test_a_documented_query_gives_the_documented_output(published_db, example: Example):
    # a cursor of its own: the shared connection may hold another test's unfinished result
    relation = published_db.cursor().sql(example.query)
    assert relation.columns == example.header, f"{example}: columns differ"
    rows = relation.fetchall()
    assert len(rows) == len(example.rows), (
        f"{example}: {len(rows)} rows, documented {len(example.rows)}"
    )
    for documented, actual in zip(example.rows, rows, strict=True):
        assert all(map(cell_matches, documented, actual)), f"{example}: {documented} != {actual}"


def test_a_changed_figure_is_caught():
    assert cell_matches("107.1", 107.1) and not cell_matches("107.1", 107.2)
    assert cell_matches("Derbyshire, Dyfed-Powys, …", "Derbyshire, Dyfed-Powys, Gloucestershire")
    assert not cell_matches("none", "alert")
