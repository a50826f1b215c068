"""What dbt-project-evaluator would check, as this project's own tests over the manifest: every
model is documented and has a primary-key test (a column both unique and not null, or
unique_combination_of_columns), and every column a model documents says what it holds."""

from __future__ import annotations

import json
from collections import defaultdict

import pytest

from orchestration.transform.project import ensure_manifest


@pytest.fixture(scope="module")
def manifest() -> dict:
    return json.loads(ensure_manifest().read_text())


def _models(manifest: dict) -> dict[str, dict]:
    return {
        uid: node
        for uid, node in manifest["nodes"].items()
        if node["resource_type"] == "model" and node["package_name"] == "frontline"
    }


def models_without_primary_key_test(manifest: dict) -> list[str]:
    tests_by_model: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for node in manifest["nodes"].values():
        if node["resource_type"] != "test" or not node.get("attached_node"):
            continue
        name = (node.get("test_metadata") or {}).get("name")
        tests_by_model[node["attached_node"]][name].add(node.get("column_name"))
    missing = []
    for uid, node in _models(manifest).items():
        tests = tests_by_model[uid]
        if tests["unique_combination_of_columns"]:
            continue
        if tests["unique"] & tests["not_null"]:
            continue
        missing.append(node["name"])
    return sorted(missing)


def test_every_model_has_a_primary_key_test(manifest):
    assert models_without_primary_key_test(manifest) == []


def test_a_model_without_a_key_test_is_named(manifest):
    data = json.loads(json.dumps(manifest))
    data["nodes"] = {
        uid: node
        for uid, node in data["nodes"].items()
        if node.get("attached_node") != "model.frontline.rpt_police_recorded_crime"
    }
    assert models_without_primary_key_test(data) == ["rpt_police_recorded_crime"]


def test_every_model_and_documented_column_has_a_description(manifest):
    undocumented = [
        f"{node['name']}.{column}" if column else node["name"]
        for node in _models(manifest).values()
        for column in [None, *node["columns"]]
        if not (node["columns"][column] if column else node).get("description", "").strip()
    ]
    assert undocumented == []
