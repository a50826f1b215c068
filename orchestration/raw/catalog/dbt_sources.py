"""The dbt sources YAML, generated from the catalog: one file per publisher key.

Each models/staging/<publisher_key>/_<publisher_key>__sources.yml declares dbt source `raw`
(schema raw) with that publisher's tables, so the YAML sits beside the staging models that read
it. dbt joins the tables one source name declares across files; the models keep
`source('raw', <table>)`, and the Dagster translator keeps mapping each table to its loader asset
["raw", <table>]. Every table carries the catalog's description, and its provenance and loader in
`meta`. Edit the catalog, never the YAML:

    python -m orchestration.raw.catalog.dbt_sources          # write the files
    python -m orchestration.raw.catalog.dbt_sources --check  # exit 1 when a file is stale
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import sys
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml

from orchestration.paths import PROJECT_DIR
from orchestration.raw.catalog import SOURCES
from orchestration.raw.landing.source import Source

STAGING_DIR = PROJECT_DIR / "models" / "staging"
SOURCE_NAME = "raw"
COMMAND = "python -m orchestration.raw.catalog.dbt_sources"
HEADER = (
    f"# Generated from orchestration/raw/catalog/ by `{COMMAND}`.\n"
    "# Do not edit: change the catalog and run the command again.\n"
)


LINE_LENGTH = 100
# Texts YAML reads as themselves unquoted: names, dotted names, paths, globs.
_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_./*<>-]*")


def _scalar(key: str, value: object, indent: int) -> list[str]:
    """`key: value` as YAML lines: a number or boolean as is, a name or path plain, another
    text double-quoted (JSON's quoting is YAML's) when it fits the line, else (and always for a
    description) a folded block (`>-`) wrapped to fit."""
    pad = " " * indent
    if isinstance(value, bool | int):
        return [f"{pad}{key}: {str(value).lower()}"]
    text = str(value)
    shown = text if _PLAIN.fullmatch(text) else json.dumps(text, ensure_ascii=False)
    line = f"{pad}{key}: {shown}"
    if len(line) <= LINE_LENGTH and key != "description":
        return [line]
    width = LINE_LENGTH - indent - 2
    return [f"{pad}{key}: >-", *(f"{pad}  {part}" for part in textwrap.wrap(text, width))]


def _mapping(entries: dict[str, Any], indent: int) -> list[str]:
    lines: list[str] = []
    for key, value in entries.items():
        if isinstance(value, dict):
            lines += [f"{' ' * indent}{key}:", *_mapping(value, indent + 2)]
        elif isinstance(value, list):
            lines.append(f"{' ' * indent}{key}:")
            for item in value:
                first, *rest = _mapping(item, indent + 4)
                lines += [f"{' ' * (indent + 2)}- {first.lstrip()}", *rest]
        else:
            lines += _scalar(key, value, indent)
    return lines


def sources_yaml_path(publisher_key: str, staging_dir: Path = STAGING_DIR) -> Path:
    return staging_dir / publisher_key / f"_{publisher_key}__sources.yml"


def loader_name(parser: Callable[..., Any]) -> str:
    """The parser's dotted name; a parser made by a factory is named by its factory
    (`published_csv.parser_for`), a partial by its function, a bulk CSV parser by its exact
    reader (the one that defines what lands)."""
    if isinstance(parser, functools.partial):
        parser = parser.func
    parser = getattr(parser, "exact", parser)  # BulkCsvParser (raw/landing/bulk_csv.py)
    qualname = parser.__qualname__.split(".<locals>.")[0]
    return f"{parser.__module__}.{qualname}"


def table_entry(source: Source) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "title": source.title,
        "publisher": source.publisher,
        "licence": source.licence,
        "layout": source.layout,
        "files": f"data/{source.glob}",
        "loader": loader_name(source.parser),
    }
    if source.optional:
        meta["optional"] = True
    if source.partitioned_by_month:
        meta["partitioned_by_month"] = True
    return {"name": source.raw_table, "description": source.description, "meta": meta}


def render(publisher_key: str, sources: Sequence[Source] = SOURCES) -> str:
    """The YAML text of one publisher's sources file."""
    tables = [table_entry(s) for s in sources if s.publisher_key == publisher_key]
    if not tables:
        raise ValueError(f"no catalog source has publisher_key {publisher_key!r}")
    document = {
        "version": 2,
        "sources": [
            {
                "name": SOURCE_NAME,
                "schema": "raw",
                "description": (
                    "Published files landed unchanged, as text with lineage columns "
                    "(_source_file, _sheet, _sha256, _row_number, _loaded_at), by the Dagster "
                    "raw loaders (orchestration/raw/)."
                ),
                "tables": tables,
            }
        ],
    }
    text = HEADER + "\n".join(_mapping(document, 0)) + "\n"
    if yaml.safe_load(text) != document:  # the emitter above is small: prove it on every file
        raise AssertionError(f"the YAML for {publisher_key} does not read back as written")
    return text


def render_all(
    sources: Sequence[Source] = SOURCES, staging_dir: Path = STAGING_DIR
) -> dict[Path, str]:
    """Every sources file the catalog gives, by path."""
    keys = sorted({s.publisher_key for s in sources})
    return {sources_yaml_path(key, staging_dir): render(key, sources) for key in keys}


def stale_files(sources: Sequence[Source] = SOURCES, staging_dir: Path = STAGING_DIR) -> list[Path]:
    """Generated files that are missing or differ from what the catalog gives, and sources
    files no publisher key gives any more."""
    expected = render_all(sources, staging_dir)
    stale = [p for p, text in expected.items() if not p.is_file() or p.read_text() != text]
    extra = [p for p in staging_dir.glob("*/_*__sources.yml") if p not in expected]
    return sorted(stale + extra)


def write_all(sources: Sequence[Source] = SOURCES, staging_dir: Path = STAGING_DIR) -> list[Path]:
    """Write every sources file and remove those no publisher key gives; returns what changed."""
    expected = render_all(sources, staging_dir)
    changed = stale_files(sources, staging_dir)
    for path in changed:
        if path in expected:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(expected[path])
        else:
            path.unlink()
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when a file is stale")
    args = parser.parse_args(argv)
    if args.check:
        stale = stale_files()
        for path in stale:
            print(f"stale: {path.relative_to(PROJECT_DIR)} (run `{COMMAND}`)")
        return 1 if stale else 0
    for path in write_all():
        print(f"wrote {path.relative_to(PROJECT_DIR)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
