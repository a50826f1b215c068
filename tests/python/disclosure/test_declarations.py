"""Every public model declares `meta.disclosure` (a layout, or none with a reason); the gate
refuses one that declares nothing."""

import pytest

from frontline_stats.disclosure.layout import LayoutError, NoLayout
from orchestration.quality.disclosure_checks import (
    UndeclaredDisclosure,
    declarations,
    disclosure_marts,
)
from orchestration.transform.assets import dbt_manifest

LAYOUT = {
    "indicator_column": "indicator_code",
    "period_column": "period_key",
    "unit_columns": ["organisation_code"],
    "count_columns": ["numerator", "denominator"],
}


def model(name: str, meta: dict | None, access: str = "public", folder: str = "police") -> dict:
    return {
        "resource_type": "model",
        "name": name,
        "alias": name,
        "schema": "marts",
        "access": access,
        "original_file_path": f"models/marts/{folder}/{name}.sql",
        "patch_path": f"frontline://models/marts/{folder}/_{folder}__models.yml",
        "meta": {},
        "config": {"meta": meta or {}},
    }


def manifest(*models: dict) -> dict:
    return {"nodes": {f"model.frontline.{m['name']}": m for m in models}}


def test_a_public_model_that_declares_nothing_is_refused_naming_it_and_its_yaml():
    fake = manifest(
        model("rpt_declared", {"disclosure": {"none": "counts of offences, not people"}}),
        model("rpt_silent", None),
        model("int_private", None, access="protected"),
    )
    with pytest.raises(UndeclaredDisclosure) as refused:
        disclosure_marts(fake)
    message = str(refused.value)
    assert "\n" not in message
    assert message.startswith(
        "models/marts/police/_police__models.yml: public model rpt_silent declares no "
        "meta.disclosure: give its layout, or"
    )
    assert '{none: "<why it needs none>"}' in message


def test_a_model_without_a_yaml_file_is_named_by_its_sql_file():
    silent = model("rpt_silent", None)
    del silent["patch_path"]
    with pytest.raises(UndeclaredDisclosure, match=r"^models/marts/police/rpt_silent\.sql \(no"):
        declarations(manifest(silent))


def test_none_with_a_reason_is_declared_and_gets_no_check():
    fake = manifest(
        model("rpt_crime", {"disclosure": {"none": " offences, not people "}}),
        model("rpt_values", {"disclosure": LAYOUT}),
        model("int_private", None, access="protected"),
    )
    found = {d.table: d.declared for d in declarations(fake)}
    assert found["rpt_crime"] == NoLayout("offences, not people")
    assert [m.table for m in disclosure_marts(fake)] == ["rpt_values"]


@pytest.mark.parametrize(
    ("declared", "message"),
    [
        ({"none": ""}, "'none' takes a reason"),
        ({"none": "why", "period_column": "p"}, "'none' takes a reason"),
        ("none", "expected a layout, a list of layouts or"),
        ([], "expected a layout, a list of layouts or"),
        ({**LAYOUT, "members": {"model": "rpt_schools"}}, "members: unit_column is required"),
    ],
)
def test_a_bad_declaration_names_the_yaml_and_the_model(declared, message):
    fake = manifest(model("rpt_bad", {"disclosure": declared}))
    with pytest.raises(LayoutError, match=r"^models/marts/police/_police__models\.yml: rpt_bad"):
        declarations(fake)
    with pytest.raises(LayoutError, match=message):
        declarations(fake)


def test_members_must_name_a_dbt_model():
    members = {
        "model": "rpt_nowhere",
        "unit_column": "urn",
        "area_column": "la_code",
        "count_column": "pupils",
        "totals": ["denominator"],
    }
    fake = manifest(model("rpt_la", {"disclosure": {**LAYOUT, "members": members}}))
    with pytest.raises(LayoutError, match="members: no dbt model named rpt_nowhere$"):
        disclosure_marts(fake)


def test_every_public_model_of_the_project_declares_its_disclosure():
    found = declarations(dbt_manifest())  # raises for any public model that declares nothing
    layouts = sorted(d.table for d in found if not isinstance(d.declared, NoLayout))
    assert layouts == [
        "fct_indicator_value",
        "rpt_education_ks2_la_reconciliation",
        "rpt_education_ks2_school_results",
        "rpt_indicator_comparison",
    ]
    reasons = {d.table: d.declared.reason for d in found if isinstance(d.declared, NoLayout)}
    assert len(found) == len(layouts) + len(reasons)
    assert all(len(reason) > 20 for reason in reasons.values())
    assert "offences, not people" in reasons["rpt_police_recorded_crime"]
    # the reconciliation's LA totals are audited against the school mart's published cohorts
    [recon] = [m for m in disclosure_marts(dbt_manifest()) if m.table.endswith("la_reconciliation")]
    assert recon.layout.members.model == "rpt_education_ks2_school_results"
    assert dict(recon.member_relations) == {
        "rpt_education_ks2_school_results": "marts.rpt_education_ks2_school_results"
    }
    assert recon.layout.cohort_column == "pupils_included"
