"""dbt's documentation page of a release (orchestration/publish/dbt_docs.py), written into the
site's small release with the project's real parsed manifest: dbt's docs app carrying the
release's catalog, the same bytes for the same release, and linked from every site page."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import datetime

import pytest

from orchestration.paths import PROJECT_DIR
from orchestration.publish.dbt_docs import (
    PAGE,
    _inline_json,
    inlined_documents,
    write_dbt_docs,
)
from orchestration.publish.site import write_site
from orchestration.transform.project import ensure_manifest
from tests.python.site.conftest import make_release


@pytest.fixture(scope="module")
def manifest() -> dict:
    return json.loads(ensure_manifest().read_text())


@pytest.fixture
def release(tmp_path):
    con, info = make_release(tmp_path / "release")
    yield tmp_path / "release", con, info
    con.close()


def test_the_page_is_dbts_docs_app_with_the_release_catalog(release, manifest):
    folder, con, info = release
    entries = write_dbt_docs(con, folder, info, manifest)
    assert [entry["path"] for entry in entries] == [PAGE] and entries[0]["kind"] == "dbt_docs"
    page = (folder / PAGE).read_text(encoding="utf-8")
    assert page.lower().startswith("<!doctype html>")
    docs_manifest, catalog = inlined_documents(page)

    # every model, test, source and metric of the project, as dbt parsed it
    assert docs_manifest["nodes"].keys() == manifest["nodes"].keys()
    assert docs_manifest["metrics"].keys() == manifest["metrics"].keys()
    report_card = "model.frontline.rpt_police_report_card"
    assert (
        docs_manifest["nodes"][report_card]["description"]
        == manifest["nodes"][report_card]["description"]
    )

    # the catalog: each table of the release, its columns and types as the database has them
    tables = {mart["table"]: mart["row_count"] for mart in info.marts}
    expected = {}
    for table, row_count in tables.items():
        schema, name = table.split(".")
        columns = con.execute(
            "select column_name, data_type from duckdb_columns()"
            " where schema_name = ? and table_name = ? order by column_index",
            [schema, name],
        ).fetchall()
        expected[f"model.frontline.{name}"] = (columns, row_count)
    assert {
        uid: (
            # in the table's order (the JSON's keys are sorted; the app orders by index)
            [(c["name"], c["type"]) for c in sorted(node["columns"].values(), key=_index)],
            node["stats"]["row_count"]["value"],
        )
        for uid, node in catalog["nodes"].items()
    } == expected
    assert report_card in catalog["nodes"]
    assert catalog["metadata"]["generated_at"] == info.created_at


def _index(column: dict) -> int:
    return column["index"]


def test_the_same_release_gives_the_same_bytes(release, manifest, tmp_path):
    folder, con, info = release
    write_dbt_docs(con, folder, info, manifest)
    again = tmp_path / "again"
    write_dbt_docs(con, again, info, manifest)
    first = (folder / PAGE).read_bytes()
    assert (again / PAGE).read_bytes() == first
    # dbt's parse times, invocation id and the checkout's path are the release's instead
    text = first.decode("utf-8")
    assert str(PROJECT_DIR) not in text
    assert manifest["metadata"]["invocation_id"] not in text
    docs_manifest, _ = inlined_documents(text)
    assert docs_manifest["metadata"]["generated_at"] == info.created_at
    assert docs_manifest["metadata"]["invocation_id"] == info.release_id
    created = datetime.fromisoformat(info.created_at.replace("Z", "+00:00")).timestamp()
    assert {node["created_at"] for node in docs_manifest["nodes"].values()} == {created}
    # another release time changes the stamps, nothing else
    later = dataclasses.replace(info, created_at="2030-01-01T00:00:00Z")
    write_dbt_docs(con, tmp_path / "later", later, manifest)
    later_manifest, later_catalog = inlined_documents(
        (tmp_path / "later" / PAGE).read_text(encoding="utf-8")
    )
    assert later_manifest["nodes"].keys() == docs_manifest["nodes"].keys()
    assert later_catalog["metadata"]["generated_at"] == "2030-01-01T00:00:00Z"


def test_every_site_page_links_to_the_docs_when_the_release_has_them(release, manifest):
    folder, con, info = release
    write_dbt_docs(con, folder, info, manifest)
    pages = [e["path"] for e in write_site(con, folder, info) if e["path"].endswith(".html")]
    assert len(pages) > 5
    for rel in pages:
        root = "../" * rel.count("/")
        assert f'<a href="{root}{PAGE}">the dbt documentation</a>' in (folder / rel).read_text(
            encoding="utf-8"
        ), rel


def test_a_site_without_docs_has_no_link(tmp_path):
    con, info = make_release(tmp_path / "release")
    entries = write_site(con, tmp_path / "release", info)
    con.close()
    page = (tmp_path / "release" / entries[0]["path"]).read_text(encoding="utf-8")
    assert "site-footer" in page and PAGE not in page


def test_inlined_json_cannot_end_its_script():
    text = _inline_json({"raw_code": "select '</script><script>alert(1)</script>'"})
    assert not re.search(r"</", text)
    assert json.loads(text) == {"raw_code": "select '</script><script>alert(1)</script>'"}
