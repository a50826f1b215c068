"""The indicator spine as a written interface.

Every model in models/core/indicator_values/ is one indicator family: it is registered in var
indicator_value_models (dbt_project.yml), the union reads exactly the registered models, and
each is held to the shape of macros/indicator_values.sql by the data test indicator_value_shape,
which is itself tried here against tables that break the shape.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import duckdb
import jinja2
import pytest
import yaml

from orchestration.transform.project import ensure_manifest

ROOT = Path(__file__).parents[3]
FOLDER = ROOT / "models" / "core" / "indicator_values"
SPINE = "model.frontline.int_indicators__values_before_disclosure"


def registry() -> list[str]:
    return yaml.safe_load((ROOT / "dbt_project.yml").read_text())["vars"]["indicator_value_models"]


def declared_columns() -> list[dict[str, str]]:
    macro = (ROOT / "macros" / "indicator_values.sql").read_text()
    pairs = re.findall(r"\{'name': '(\w+)', 'data_type': '(\w+)'\}", macro)
    return [{"name": name, "data_type": data_type} for name, data_type in pairs]


@pytest.fixture(scope="module")
def manifest() -> dict:
    return json.loads(ensure_manifest().read_text())


def test_the_registry_is_the_folder():
    in_folder = sorted(p.stem for p in FOLDER.glob("*.sql"))
    assert sorted(registry()) == in_folder
    assert len(set(registry())) == len(registry())


def test_the_union_reads_exactly_the_registered_models(manifest):
    parents = {p.split(".")[-1] for p in manifest["nodes"][SPINE]["depends_on"]["nodes"]}
    assert parents == set(registry())


def test_every_registered_model_is_held_to_the_shape(manifest):
    shaped = {
        node["attached_node"].split(".")[-1]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "test"
        and node.get("test_metadata", {}).get("name") == "indicator_value_shape"
    }
    assert shaped == set(registry())


# what the fact adds to the families' shape: its key, and the flag it computes over every family
FACT_OWN_COLUMNS = ("indicator_value_id", "is_latest_period")


def test_the_declared_shape_is_the_published_fact_less_its_own_columns(manifest):
    fact = manifest["nodes"]["model.frontline.fct_indicator_value"]["columns"]
    assert set(FACT_OWN_COLUMNS) <= set(fact)
    assert [c["name"] for c in declared_columns()] == [
        name for name in fact if name not in FACT_OWN_COLUMNS
    ]


def _render_shape_test(relation: duckdb.DuckDBPyRelation) -> str:
    """The generic test's SQL for `relation`, rendered as dbt would at execution time."""
    source = (ROOT / "tests" / "dbt" / "generic" / "indicator_value_shape.sql").read_text()
    source = source.replace("{% test indicator_value_shape(model) %}", "").replace(
        "{% endtest %}", ""
    )
    columns = [
        SimpleNamespace(name=n, dtype=t)
        for n, t in zip(relation.columns, relation.dtypes, strict=True)
    ]
    env = jinja2.Environment(extensions=["jinja2.ext.do"])
    return env.from_string(source).render(
        execute=True,
        model="shaped",
        adapter=SimpleNamespace(get_columns_in_relation=lambda _model: columns),
        indicator_value_columns=declared_columns,
    )


def _problems(select_list: str) -> list[str]:
    con = duckdb.connect()
    con.execute(f"create table shaped as select {select_list}")
    sql = _render_shape_test(con.table("shaped"))
    return sorted(row[0] for row in con.execute(sql).fetchall())


def _conforming_select(**override: str) -> str:
    expressions = {
        c["name"]: f"cast(null as {c['data_type']}) as {c['name']}" for c in declared_columns()
    }
    expressions.update(override)
    return ", ".join(e for e in expressions.values() if e)


def test_the_shape_test_passes_a_conforming_model():
    assert _problems(_conforming_select()) == []


def test_the_shape_test_names_each_departure():
    select_list = _conforming_select(
        numerator="cast(1 as decimal(10, 2)) as numerator",  # wrong type
        source_sheet="",  # missing
        coverage="'complete' as coverage, 1 as rank_in_peers",  # one column too many
    )
    assert _problems(select_list) == [
        "numerator: DECIMAL(10,2), declared DOUBLE",
        "rank_in_peers: not in the declared shape",
        "source_sheet: missing",
    ]
