"""The code location loads as one connected graph, grouped by layer, with owners and checks."""

from __future__ import annotations

import dagster as dg

from orchestration.definitions import defs

LAYERS = {"raw", "reference", "staging", "intermediate", "core", "comparison", "marts", "publish"}


def _graph():
    return defs.resolve_asset_graph()


def test_every_asset_sits_in_a_layer_group_with_an_owner_and_a_description():
    graph = _graph()
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        assert node.group_name in LAYERS, key
        # a published table keeps the key ["marts", <table>] whichever layer builds it
        assert key.path[0] in (node.group_name, "marts"), key
        assert node.owners, key
        assert node.description, key


def test_graph_is_connected_from_raw_to_publish():
    graph = _graph()
    release = dg.AssetKey(["publish", "release"])
    ancestors = set()
    frontier = [release]
    while frontier:
        key = frontier.pop()
        for parent in graph.get(key).parent_keys:
            if parent not in ancestors:
                ancestors.add(parent)
                frontier.append(parent)
    assert dg.AssetKey(["raw", "ons_pfa_p1_recorded_crime"]) in ancestors
    assert dg.AssetKey(["raw", "police_uk_street_crime"]) in ancestors
    assert dg.AssetKey(["marts", "fct_indicator_value"]) in ancestors


def test_published_marts_carry_blocking_checks():
    graph = _graph()
    key = dg.AssetKey(["marts", "rpt_police_recorded_crime"])
    checks = {c.name for c in graph.get_check_keys_for_assets({key})}
    assert "ge_rpt_police_recorded_crime" in checks
    assert any(name.startswith("unique_combination_of_columns") for name in checks)


def test_schedule_and_sensor_are_defined():
    assert defs.resolve_schedule_def("quarterly_release").cron_schedule == "0 6 1 1,4,7,10 *"
    assert defs.resolve_sensor_def("new_month_in_drop_folder") is not None
