"""CSVW descriptions beside every published CSV, validated by the csvw package."""

from __future__ import annotations

import json
import shutil
import warnings
from pathlib import Path

import pytest
from csvw import CSVW

from orchestration.publish.metadata.columns import GSS_URI_PREFIX, csvw_datatype
from orchestration.publish.model import PublicationError, Release

from .conftest import FORCE_ROWS

BOM = b"\xef\xbb\xbf"


def validate(description: Path) -> tuple[bool, list[str]]:
    """The csvw package's verdict on a CSVW description and the CSV it names."""
    with warnings.catch_warnings():
        # every problem is a warning the validator collects on the object: let none be filtered
        warnings.simplefilter("always")
        checked = CSVW(str(description), validate=True)
        valid = checked.is_valid
    return valid, [str(w.message) for w in checked.warnings]


def description(release: Release, table: str) -> dict:
    return json.loads((release.folder / f"csv/{table}.csv-metadata.json").read_text())


def test_every_published_csv_has_a_description_the_validator_accepts(published: Release):
    listed = {e["path"] for e in published.manifest["metadata"] if e["kind"] == "csvw"}
    for mart in published.manifest["marts"]:
        [csv] = [f["path"] for f in mart["files"] if f["format"] == "csv"]
        assert f"{csv}-metadata.json" in listed
        assert validate(published.folder / f"{csv}-metadata.json") == (True, [])


def test_the_description_states_the_contract_types_key_and_gss_codes(published: Release):
    force = description(published, "fct_force_value")
    assert force["url"] == "fct_force_value.csv"  # relative: the description sits beside it
    assert force["dc:title"] == "Force values"
    assert force["dc:description"].startswith("Force values: one row per force")
    assert force["null"] == ""
    assert force["dialect"] == {
        "encoding": "utf-8",
        "delimiter": ",",
        "quoteChar": '"',
        "doubleQuote": True,
        "header": True,
        "headerRowCount": 1,
        "trim": False,
    }
    columns = {c["name"]: c for c in force["tableSchema"]["columns"]}
    assert list(columns) == [
        "force_code", "period_key", "indicator_code", "value", "numerator", "denominator",
        "status", "is_estimate", "period_end", "loaded_at", "share",
    ]  # fmt: skip
    assert {name: c["datatype"] for name, c in columns.items()} == {
        "force_code": "string",
        "period_key": "string",
        "indicator_code": "string",
        "value": "double",
        "numerator": "integer",
        "denominator": "integer",
        "status": "string",
        "is_estimate": "boolean",
        "period_end": "date",
        "loaded_at": {"base": "dateTimeStamp", "format": "yyyy-MM-dd HH:mm:ssX"},
        "share": "decimal",
    }
    assert columns["numerator"]["dc:description"] == "Crimes counted."
    assert all(c["titles"] == name for name, c in columns.items())
    assert force["tableSchema"]["primaryKey"] == ["force_code", "period_key", "indicator_code"]
    # a column of a combined key may be NULL; a NOT NULL column, or a key of its own, may not
    assert not any(c["required"] for c in columns.values())
    area = {c["name"]: c for c in description(published, "dim_area")["tableSchema"]["columns"]}
    assert area["area_code"]["required"] and not area["area_name"]["required"]
    # GSS codes become URIs where every value is one: not area_code (it holds BTP)
    assert columns["force_code"]["valueUrl"] == GSS_URI_PREFIX + "{force_code}"
    assert area["region_code"]["valueUrl"] == GSS_URI_PREFIX + "{region_code}"
    assert "valueUrl" not in area["area_code"]
    assert [c for c, v in columns.items() if "valueUrl" in v] == ["force_code"]
    [entry] = [
        e for e in published.manifest["metadata"] if e["path"].endswith("value.csv-metadata.json")
    ]
    assert entry["gss_columns"] == ["force_code"]


def test_gss_codes_read_as_statistical_geography_uris(published: Release):
    rows = CSVW(str(published.folder / "csv/fct_force_value.csv-metadata.json")).to_json()
    text = json.dumps(rows)
    for force in {r[0] for r in FORCE_ROWS}:
        assert f"{GSS_URI_PREFIX}{force}" in text


def test_the_validator_reads_a_csv_with_a_byte_order_mark_and_finds_a_bad_cell(
    published: Release, tmp_path: Path
):
    for name in ("fct_force_value.csv", "fct_force_value.csv-metadata.json"):
        shutil.copyfile(published.folder / "csv" / name, tmp_path / name)
    csv = tmp_path / "fct_force_value.csv"
    data = csv.read_bytes()
    if not data.startswith(BOM):
        csv.write_bytes(BOM + data)
    assert validate(tmp_path / "fct_force_value.csv-metadata.json") == (True, [])

    csv.write_bytes(csv.read_bytes().replace(b",71.25,", b",71.25 per 1000,"))
    valid, problems = validate(tmp_path / "fct_force_value.csv-metadata.json")
    assert not valid
    assert any("71.25 per 1000" in p for p in problems)


def test_a_type_without_a_mapping_is_refused_naming_the_column():
    with pytest.raises(PublicationError, match="marts.x.span: DuckDB type INTERVAL"):
        csvw_datatype("INTERVAL", "marts.x.span")
