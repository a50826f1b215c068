"""The contract read from dbt's manifest: a mart's primary key from its key test and its
foreign keys from the relationships tests that hold on every row and point at a published
table."""

from __future__ import annotations

from orchestration.publish.contract import ForeignKey, mart_contracts


def _model(name: str, public: bool = True) -> dict:
    return {
        "resource_type": "model",
        "access": "public" if public else "protected",
        "schema": "marts",
        "alias": name,
        "description": f"{name} described",
        "columns": {},
    }


def _test(name: str, model: str, column: str | None, depends_on: list[str], **kwargs) -> dict:
    return {
        "resource_type": "test",
        "attached_node": f"model.p.{model}",
        "column_name": column,
        "test_metadata": {"name": name, "kwargs": kwargs},
        "config": {},
        "depends_on": {"nodes": depends_on},
    }


def _relationship(model: str, column: str, to: str, field: str, where: str | None = None):
    parents = [f"model.p.{to}", f"model.p.{model}"] if to != model else [f"model.p.{model}"]
    test = _test("relationships", model, column, parents, arguments={"field": field})
    test["config"]["where"] = where
    return test


MANIFEST = {
    "nodes": {
        "model.p.fct": _model("fct"),
        "model.p.dim": _model("dim"),
        "model.p.internal": _model("internal", public=False),
        "test.p.1": _test("unique", "dim", "code", ["model.p.dim"]),
        "test.p.2": _test("not_null", "dim", "code", ["model.p.dim"]),
        "test.p.3": _test(
            "unique_combination_of_columns",
            "fct",
            None,
            ["model.p.fct"],
            arguments={"combination_of_columns": ["code", "period"]},
        ),
        "test.p.4": _relationship("fct", "code", "dim", "code"),
        "test.p.5": _relationship("fct", "period", "dim", "code", where="period <> 'x'"),
        "test.p.6": _relationship("fct", "other", "internal", "code"),
        "test.p.7": _relationship("dim", "parent", "dim", "code"),
        "test.p.8": _relationship("fct", "area", "dim", "code"),
    }
}


def test_foreign_keys_are_the_unfiltered_relationships_into_published_tables():
    contracts = mart_contracts(MANIFEST)
    assert set(contracts) == {"marts.fct", "marts.dim"}
    assert contracts["marts.fct"].primary_key == ("code", "period")
    assert contracts["marts.dim"].primary_key == ("code",)
    # the filtered test (period) and the one into an unpublished model (other) declare nothing
    assert contracts["marts.fct"].foreign_keys == (
        ForeignKey(("area",), "marts.dim", ("code",)),
        ForeignKey(("code",), "marts.dim", ("code",)),
    )
    # a key into the table itself is still the contract's (the export says why it is left out)
    assert contracts["marts.dim"].foreign_keys == (ForeignKey(("parent",), "marts.dim", ("code",)),)
    assert ForeignKey(("code",), "marts.dim", ("code",)).as_dict() == {
        "columns": ["code"],
        "references": "marts.dim",
        "referenced_columns": ["code"],
    }
