"""The Frictionless Data Package of a release, validated by the frictionless package."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from frictionless import Package

from orchestration.publish.contract import ForeignKey, MartContract
from orchestration.publish.metadata.datapackage import foreign_keys, resource
from orchestration.publish.model import Release


def test_the_descriptor_and_the_data_validate(published: Release):
    descriptor = json.loads((published.folder / "datapackage.json").read_text())
    assert [e.message for e in Package.metadata_validate(descriptor)] == []
    report = Package(str(published.folder / "datapackage.json")).validate()
    assert report.valid, report.flatten(["type", "message"])
    assert [task.stats["rows"] for task in report.tasks] == [4, 3]


def test_the_package_states_schemas_keys_licences_and_sources(published: Release):
    package = json.loads((published.folder / "datapackage.json").read_text())
    assert package["profile"] == "tabular-data-package"
    assert package["version"] == published.release_id
    assert package["created"] == published.created_at
    assert [lic["name"] for lic in package["licenses"]] == ["OGL-UK-3.0", "CC-BY-4.0"]
    assert package["sources"] == [
        {
            "title": "Local authority names and codes",
            "path": "https://github.com/mysociety/uk_local_authority_names_and_codes",
            "publisher": "mySociety",
        },
        {
            "title": "Police force area data tables",
            "path": "https://www.ons.gov.uk/example",
            "publisher": "Office for National Statistics",
            "published": "2019-07-18",
        },
    ]
    force, area = package["resources"]
    assert (force["name"], force["path"]) == ("fct_force_value", "csv/fct_force_value.csv")
    data = (published.folder / force["path"]).read_bytes()
    assert force["bytes"] == len(data)
    assert force["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
    fields = {f["name"]: f for f in force["schema"]["fields"]}
    assert {n: f["type"] for n, f in fields.items()} == {
        "force_code": "string",
        "period_key": "string",
        "indicator_code": "string",
        "value": "number",
        "numerator": "integer",
        "denominator": "integer",
        "status": "string",
        "is_estimate": "boolean",
        "period_end": "date",
        "loaded_at": "datetime",
        "share": "number",
    }
    assert fields["value"]["description"] == "The value."
    assert force["schema"]["primaryKey"] == ["force_code", "period_key", "indicator_code"]
    assert force["schema"]["missingValues"] == [""]
    assert area["schema"]["fields"][0]["constraints"] == {"required": True}


def test_a_changed_file_fails_on_its_hash_and_a_bad_cell_on_its_type(
    published: Release, tmp_path: Path
):
    shutil.copytree(published.folder, tmp_path / "release")
    root = tmp_path / "release"
    root.chmod(0o755)
    (root / "csv").chmod(0o755)
    csv = root / "csv/fct_force_value.csv"
    csv.chmod(0o644)
    csv.write_bytes(csv.read_bytes().replace(b",71.25,", b",seventy,"))
    report = Package(str(root / "datapackage.json")).validate()
    assert not report.valid
    problems = {e.type for e in report.tasks[0].errors}
    assert {"type-error", "hash-count"} <= problems


def test_foreign_keys_reference_the_packages_resources():
    contract = MartContract(
        table="marts.dim_area",
        description="Areas.",
        primary_key=("area_code",),
        foreign_keys=(
            ForeignKey(("force_code",), "marts.fct_force_value", ("force_code",)),
            ForeignKey(("parent_code",), "marts.dim_area", ("area_code",)),
            ForeignKey(("region_code",), "marts.dim_region", ("region_code",)),
        ),
    )
    published = {"marts.dim_area", "marts.fct_force_value"}
    # the key into a table the package does not hold is left out; "" is the resource itself
    assert foreign_keys(contract, published) == [
        {
            "fields": ["force_code"],
            "reference": {"resource": "fct_force_value", "fields": ["force_code"]},
        },
        {"fields": ["parent_code"], "reference": {"resource": "", "fields": ["area_code"]}},
    ]
    assert foreign_keys(contract, ()) == []


def test_frictionless_refuses_a_row_breaking_a_foreign_key(tmp_path: Path):
    (tmp_path / "dim.csv").write_text("code\na\nb\n")
    (tmp_path / "fct.csv").write_text("code,value\na,1\n,2\nz,3\n")
    dim = MartContract(table="marts.dim", description="", primary_key=("code",))
    fct = MartContract(
        table="marts.fct",
        description="",
        foreign_keys=(ForeignKey(("code",), "marts.dim", ("code",)),),
    )
    resources = []
    for contract, columns in ((dim, ["code"]), (fct, ["code", "value"])):
        name = contract.table.split(".")[1]
        mart = {
            "table": contract.table,
            "columns": [{"name": c, "type": "VARCHAR", "nullable": True} for c in columns],
            "files": [{"path": f"{name}.csv", "format": "csv", "bytes": 0, "sha256": "0"}],
        }
        described = resource(mart, contract, {"marts.dim", "marts.fct"})
        resources.append({k: v for k, v in described.items() if k not in ("bytes", "hash")})
    (tmp_path / "datapackage.json").write_text(json.dumps({"name": "t", "resources": resources}))
    fct_report = Package(str(tmp_path / "datapackage.json")).get_resource("fct").validate()
    assert fct_report.flatten(["type", "rowNumber"]) == [["foreign-key", 4]]
