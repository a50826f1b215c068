"""Every dbt test is a Dagster asset check of the main job, so a failed test is named, with its
failing rows, at the end of a failed run.

dagster-dbt makes a check of a generic test (on the node it is attached to) and of a singular test
that reads one model; a singular test that reads several must name the one it checks:
``{{ config(meta={'dagster': {'ref': {'name': '<model>'}}}) }}`` on its first line. Otherwise its
result is only an observation on each model it reads, and a failure is named nowhere.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from dagster_dbt.asset_utils import get_asset_check_key_for_test

from orchestration.definitions import defs
from orchestration.transform.assets import dbt_manifest
from orchestration.transform.translator import FrontlineTranslator


def dbt_tests(manifest: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {uid: n for uid, n in manifest["nodes"].items() if n["resource_type"] == "test"}


def checkless_dbt_tests(manifest: dict[str, Any], check_keys: set[Any]) -> list[str]:
    """Each dbt test that is not a check in ``check_keys``, with what it reads: the message a
    person adding such a test reads."""
    missing = []
    translator = FrontlineTranslator()
    for unique_id, test in sorted(dbt_tests(manifest).items()):
        key = get_asset_check_key_for_test(manifest, translator, unique_id, project=None)
        if key is None or key not in check_keys:
            reads = ", ".join(parent.split(".")[-1] for parent in test["depends_on"]["nodes"])
            missing.append(
                f"{test['name']} ({test['original_file_path']}) reads {reads}: name the model "
                "it checks with {{ config(meta={'dagster': {'ref': {'name': ...}}}) }}"
            )
    return missing


@pytest.fixture(scope="module")
def job_check_keys() -> set[Any]:
    job = defs.resolve_job_def("frontline_release")
    return set(job.asset_layer.asset_graph.asset_check_keys)


def test_every_dbt_test_is_a_check_of_the_main_job(job_check_keys):
    manifest = dbt_manifest()

    assert checkless_dbt_tests(manifest, job_check_keys) == []
    # one check per test: no two tests share a check (same name on the same model)
    translator = FrontlineTranslator()
    keys = Counter(
        get_asset_check_key_for_test(manifest, translator, unique_id, project=None)
        for unique_id in dbt_tests(manifest)
    )
    assert [key for key, count in keys.items() if count > 1] == []
    assert len(keys) == len(dbt_tests(manifest)) > 900


def test_the_reconciliation_tests_check_the_model_they_name(job_check_keys):
    names = {(key.asset_key.to_user_string(), key.name) for key in job_check_keys}

    assert (
        "marts/fct_indicator_value",
        "assert_nhse_ae_england_4_hour_performance_equals_published",
    ) in names
    assert (
        "reference/value_for_money_pairings",
        "assert_value_for_money_outcomes_have_a_polarity",
    ) in names


def test_a_singular_test_reading_two_models_without_a_ref_is_named(job_check_keys):
    manifest = dbt_manifest()
    unique_id = "test.frontline.assert_nhse_ae_england_4_hour_performance_equals_published"
    test = manifest["nodes"][unique_id]
    without_ref = {**test, "config": {**test["config"], "meta": {}}, "meta": {}}
    doctored = {**manifest, "nodes": {unique_id: without_ref, **_models(manifest)}}

    (message,) = checkless_dbt_tests(doctored, job_check_keys)

    assert message.startswith("assert_nhse_ae_england_4_hour_performance_equals_published (")
    assert "reads fct_indicator_value, stg_nhse__ae_monthly_provider" in message


def _models(manifest: dict[str, Any]) -> dict[str, Any]:
    return {uid: n for uid, n in manifest["nodes"].items() if n["resource_type"] != "test"}
