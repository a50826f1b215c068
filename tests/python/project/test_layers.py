"""The layer rule, read from the dbt manifest: a model reads only its own layer or those below.

Layers, lowest first, are the folders under models/: staging, intermediate, core, comparison,
marts. Seeds sit below staging (any layer may read reference data); raw sources are read by
staging alone. The README's layer map lists the same folders (tests/python/project/test_docs.py).
"""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path

import pytest

from orchestration.transform.project import ensure_manifest

LAYERS = ("staging", "intermediate", "core", "comparison", "marts")
RANK = {layer: rank for rank, layer in enumerate(LAYERS, start=1)}


@cache
def manifest() -> dict:
    return json.loads(ensure_manifest().read_text())


def models() -> dict[str, dict]:
    return {
        uid: node
        for uid, node in manifest()["nodes"].items()
        if node["resource_type"] == "model" and node["package_name"] == "frontline"
    }


def layer_of(node: dict) -> str:
    """The layer folder a model lives in (models/<layer>/...)."""
    parts = Path(node["original_file_path"]).parts
    assert parts[0] == "models" and parts[1] in RANK, node["original_file_path"]
    return parts[1]


def rank_of(uid: str) -> int:
    if uid.startswith("seed."):
        return 0
    if uid.startswith("source."):
        return -1
    return RANK[layer_of(manifest()["nodes"][uid])]


def upward_edges() -> list[str]:
    """Every edge where a model reads a model in a layer above its own."""
    broken = []
    for uid, node in models().items():
        for parent in node["depends_on"]["nodes"]:
            if rank_of(parent) > rank_of(uid):
                broken.append(f"{node['name']} ({layer_of(node)}) reads {parent}")
    return sorted(broken)


def test_every_model_sits_in_a_layer_folder():
    assert {layer_of(node) for node in models().values()} == set(LAYERS)


def test_no_model_reads_a_layer_above_its_own():
    assert upward_edges() == []


def test_only_staging_reads_raw_sources():
    readers = sorted(
        f"{node['name']} ({layer_of(node)})"
        for node in models().values()
        if layer_of(node) != "staging"
        and any(p.startswith("source.") for p in node["depends_on"]["nodes"])
    )
    assert readers == []


def test_the_rule_catches_an_upward_edge(monkeypatch):
    # the check itself can fail: give a staging model a parent in the marts layer
    data = json.loads(json.dumps(manifest()))
    stg = next(n for n in data["nodes"].values() if n["name"] == "stg_ons__area_names")
    stg["depends_on"]["nodes"].append("model.frontline.rpt_police_recorded_crime")
    monkeypatch.setattr(sys.modules[__name__], "manifest", lambda: data)
    assert upward_edges() == [
        "stg_ons__area_names (staging) reads model.frontline.rpt_police_recorded_crime"
    ]


@pytest.mark.parametrize(
    ("prefix", "layers"),
    [
        ("stg_", {"staging"}),
        ("dim_", {"core"}),
        ("fct_", {"core"}),
        ("rpt_", {"marts"}),
        ("int_", {"intermediate", "core", "comparison"}),
    ],
)
def test_model_name_prefixes_match_their_layer(prefix, layers):
    found = {layer_of(n) for n in models().values() if n["name"].startswith(prefix)}
    assert found and found <= layers
    assert all(
        n["name"].split("_")[0] + "_" in {"stg_", "dim_", "fct_", "rpt_", "int_"}
        for n in models().values()
    )
