"""The Frictionless Data Package of a release, validated by the frictionless package."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from frictionless import Package

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
