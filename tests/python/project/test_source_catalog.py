"""The source catalog, the dbt sources and data/PROVENANCE.md agree.

The catalog (orchestration/raw/catalog/) declares every source once. The dbt sources YAML is
generated from it (one file per publisher key); dbt's view of it is read from the manifest.
PROVENANCE.md names every shipped file. Each check is a function that lists what disagrees, so
the tests below can also show that it fails on drift.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import re
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

import pytest
import yaml

from orchestration.paths import DEFAULT_DATA_DIR, PROJECT_DIR
from orchestration.raw.catalog import SOURCES, SOURCES_BY_NAME
from orchestration.raw.catalog.dbt_sources import (
    SOURCE_NAME,
    render_all,
    sources_yaml_path,
    stale_files,
    write_all,
)
from orchestration.raw.landing.source import CC_BY, OGL, Source
from orchestration.raw.landing.synthetic import SIDECAR_SUFFIX, is_synthetic
from orchestration.transform.project import ensure_manifest

PROVENANCE = DEFAULT_DATA_DIR / "PROVENANCE.md"
# How PROVENANCE.md writes each catalog licence (the start of its Licence cell).
PROVENANCE_LICENCE = {OGL: "OGL v3.0", CC_BY: "CC BY 4.0"}
_ROW = re.compile(r"^\| `data/(?P<path>[^`]+)` \|(?P<rest>.*)\|\s*$")


@cache
def manifest() -> dict:
    return json.loads(ensure_manifest().read_text())


def dbt_sources(data: dict) -> dict[str, dict]:
    """The project's dbt source tables by table name."""
    return {
        node["name"]: node
        for node in data["sources"].values()
        if node["package_name"] == "frontline"
    }


def staging_readers(data: dict) -> dict[str, list[str]]:
    """For each source table, the staging folders (models/staging/<folder>/) of its readers."""
    readers: dict[str, list[str]] = {}
    for node in data["nodes"].values():
        if node["resource_type"] != "model" or node["package_name"] != "frontline":
            continue
        parts = Path(node["original_file_path"]).parts
        folder = parts[2] if parts[1] == "staging" else f"not staging ({parts[1]})"
        for parent in node["depends_on"]["nodes"]:
            if parent.startswith("source."):
                readers.setdefault(parent.split(".")[-1], []).append(folder)
    return readers


def provenance_rows(text: str) -> dict[str, list[str]]:
    """PROVENANCE.md's file tables: path under data/ -> the row's other cells."""
    rows = {}
    for line in text.splitlines():
        if match := _ROW.match(line):
            rows[match["path"]] = [cell.strip() for cell in match["rest"].split(" | ")]
    return rows


def shipped_files(data_dir: Path) -> list[str]:
    """Files under data/ (posix, relative), PROVENANCE.md and synthetic files left out."""
    return sorted(
        path.relative_to(data_dir).as_posix()
        for path in data_dir.rglob("*")
        if path.is_file()
        and path != data_dir / "PROVENANCE.md"
        and not path.name.endswith(SIDECAR_SUFFIX)
        and not is_synthetic(path)
    )


def catalog_vs_dbt(catalog: Sequence[Source], dbt: dict[str, dict]) -> list[str]:
    """Every catalog source is a dbt source of source `raw` and vice versa, each described as
    the catalog describes it, in its publisher's sources file."""
    problems = []
    by_table = {s.raw_table: s for s in catalog}
    for table in sorted(by_table.keys() - dbt.keys()):
        problems.append(f"{table}: in the catalog, not a dbt source")
    for table in sorted(dbt.keys() - by_table.keys()):
        problems.append(f"{table}: a dbt source, not in the catalog")
    for table in sorted(by_table.keys() & dbt.keys()):
        source, node = by_table[table], dbt[table]
        if not node["description"].strip():
            problems.append(f"{table}: dbt source without a description")
        elif node["description"] != source.description:
            problems.append(f"{table}: dbt description differs from the catalog's")
        if node["source_name"] != SOURCE_NAME or node["schema"] != "raw":
            problems.append(
                f"{table}: declared as {node['source_name']} in schema {node['schema']}"
            )
        expected = sources_yaml_path(source.publisher_key).relative_to(PROJECT_DIR).as_posix()
        if node["original_file_path"] != expected:
            problems.append(f"{table}: declared in {node['original_file_path']}, not {expected}")
    return problems


def unread_sources(catalog: Sequence[Source], readers: dict[str, list[str]]) -> list[str]:
    """Every source is read by a staging model of its publisher's folder, and by nothing else."""
    problems = []
    for source in catalog:
        folders = readers.get(source.raw_table, [])
        if not folders:
            problems.append(f"{source.raw_table}: read by no staging model")
        for folder in sorted(set(folders) - {source.publisher_key}):
            problems.append(
                f"{source.raw_table}: read from models/staging/{folder}/, its publisher_key is "
                f"{source.publisher_key}"
            )
    return problems


def provenance_vs_data(
    catalog: Sequence[Source], rows: dict[str, list[str]], files: Iterable[str], data_dir: Path
) -> list[str]:
    """Every shipped file is named in PROVENANCE.md and loaded by a catalog source whose
    licence PROVENANCE gives too; every named file is shipped; every source that is not
    optional has a file."""
    problems = []
    files = set(files)
    loaded: dict[str, Source] = {}
    for source in catalog:
        matched = [p.relative_to(data_dir).as_posix() for p in source.files(data_dir)]
        matched = [f for f in matched if f in files]
        if not matched and not source.optional:
            problems.append(f"{source.name}: no shipped file matches data/{source.glob}")
        loaded.update(dict.fromkeys(matched, source))
    for path in sorted(files - rows.keys()):
        problems.append(f"data/{path}: shipped, not named in PROVENANCE.md")
    for path in sorted(rows.keys() - files):
        problems.append(f"data/{path}: named in PROVENANCE.md, not shipped")
    for path in sorted(files - loaded.keys()):
        problems.append(f"data/{path}: shipped, loaded by no catalog source")
    for path in sorted(files & rows.keys() & loaded.keys()):
        source, licence = loaded[path], rows[path][5]
        if not licence.startswith(PROVENANCE_LICENCE[source.licence]):
            problems.append(
                f"data/{path}: licence {licence!r} in PROVENANCE.md, {source.licence} in the "
                "catalog"
            )
    return problems


# -- the project as it is -------------------------------------------------------------------


def test_names_are_unique_and_every_source_is_documented():
    assert len(SOURCES_BY_NAME) == len(SOURCES) == len({s.raw_table for s in SOURCES})
    for source in SOURCES:
        for field in ("description", "publisher", "title", "layout", "publisher_key"):
            assert getattr(source, field).strip(), f"{source.name}: no {field}"
        assert source.licence in PROVENANCE_LICENCE, source.name


def test_the_committed_dbt_sources_yaml_is_what_the_catalog_generates():
    assert stale_files() == [], "run `python -m orchestration.raw.catalog.dbt_sources`"


def test_catalog_and_dbt_sources_agree():
    assert catalog_vs_dbt(SOURCES, dbt_sources(manifest())) == []


def test_every_source_is_read_by_a_staging_model_of_its_publisher():
    assert unread_sources(SOURCES, staging_readers(manifest())) == []


def test_provenance_names_every_shipped_file_and_the_catalog_loads_it():
    rows = provenance_rows(PROVENANCE.read_text())
    assert len(rows) > 100  # the tables were read at all
    files = shipped_files(DEFAULT_DATA_DIR)
    assert provenance_vs_data(SOURCES, rows, files, DEFAULT_DATA_DIR) == []


# -- each check fails on drift ----------------------------------------------------------------


def test_drift_between_catalog_and_dbt_is_reported():
    dbt = json.loads(json.dumps(dbt_sources(manifest())))
    new = dataclasses.replace(SOURCES[0], name="new_source", raw_table="new_source")
    del dbt["ons_pfa_p9_population"]
    dbt["ons_mye4_population"]["description"] = ""
    dbt["ho_police_workforce"]["description"] = "Hand-edited in the YAML."
    dbt["police_uk_street_crime"]["original_file_path"] = "models/staging/_sources.yml"
    dbt["orphan"] = {**dbt["ons_pfa_p1_recorded_crime"], "name": "orphan"}
    assert catalog_vs_dbt([*SOURCES, new], dbt) == [
        "new_source: in the catalog, not a dbt source",
        "ons_pfa_p9_population: in the catalog, not a dbt source",
        "orphan: a dbt source, not in the catalog",
        "ho_police_workforce: dbt description differs from the catalog's",
        "ons_mye4_population: dbt source without a description",
        "police_uk_street_crime: declared in models/staging/_sources.yml, not "
        "models/staging/police_uk/_police_uk__sources.yml",
    ]


def test_a_source_no_staging_model_reads_is_reported():
    readers = staging_readers(manifest())
    del readers["gias_establishments"]
    readers["ho_police_workforce"] = ["ons"]
    assert unread_sources(SOURCES, readers) == [
        "ho_police_workforce: read from models/staging/ons/, its publisher_key is home_office",
        "gias_establishments: read by no staging model",
    ]


def test_drift_between_provenance_the_data_folder_and_the_catalog_is_reported():
    rows = provenance_rows(PROVENANCE.read_text())
    files = shipped_files(DEFAULT_DATA_DIR)
    del rows["geography/ons_rgn19_names_codes_en.csv"]
    rows["geography/gone.csv"] = rows["geography/ons_pfa19_names_codes_uk.csv"]
    rows["geography/mysociety_uk_local_authorities.csv"][5] = "OGL v3.0"
    files = [*files, "geography/stray.csv"]
    rows["geography/stray.csv"] = rows["geography/ons_pfa19_names_codes_uk.csv"]
    unshipped = dataclasses.replace(SOURCES[0], name="unshipped", glob="nowhere/*.csv")
    assert provenance_vs_data([*SOURCES, unshipped], rows, files, DEFAULT_DATA_DIR) == [
        "unshipped: no shipped file matches data/nowhere/*.csv",
        "data/geography/ons_rgn19_names_codes_en.csv: shipped, not named in PROVENANCE.md",
        "data/geography/gone.csv: named in PROVENANCE.md, not shipped",
        "data/geography/stray.csv: shipped, loaded by no catalog source",
        "data/geography/mysociety_uk_local_authorities.csv: licence 'OGL v3.0' in "
        "PROVENANCE.md, CC BY 4.0 in the catalog",
    ]


def test_a_stale_or_stray_sources_file_is_reported_and_rewritten(tmp_path: Path):
    staging = tmp_path / "staging"
    written = write_all(SOURCES, staging)
    assert len(written) == len({s.publisher_key for s in SOURCES})
    assert stale_files(SOURCES, staging) == []
    # the catalog changes and the YAML is not regenerated
    p1 = dataclasses.replace(SOURCES[0], description=SOURCES[0].description + " More.")
    ons = sources_yaml_path("ons", staging)
    assert stale_files([p1, *SOURCES[1:]], staging) == [ons]
    # the YAML is edited by hand, and a publisher's file is left behind
    ons.write_text(ons.read_text().replace("Table P1 of each", "Table P1 of every"))
    stray = sources_yaml_path("retired", staging)
    stray.parent.mkdir()
    stray.write_text("version: 2\n")
    assert stale_files(SOURCES, staging) == [ons, stray]
    assert write_all(SOURCES, staging) == [ons, stray]
    assert not stray.exists() and stale_files(SOURCES, staging) == []
    assert render_all(SOURCES, staging)[ons] == ons.read_text()


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: s.name)
def test_each_generated_table_reads_back_with_its_catalog_fields(source: Source):
    text = render_all()[sources_yaml_path(source.publisher_key)]
    [declared] = yaml.safe_load(text)["sources"]
    table = next(t for t in declared["tables"] if t["name"] == source.raw_table)
    assert table["description"] == source.description
    assert table["meta"]["files"] == f"data/{source.glob}"
    assert (table["meta"]["publisher"], table["meta"]["licence"]) == (
        source.publisher,
        source.licence,
    )
    module, _, name = table["meta"]["loader"].rpartition(".")
    assert callable(getattr(importlib.import_module(module), name))
