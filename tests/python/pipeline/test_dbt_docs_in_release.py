"""dbt's documentation in the session's release: dbt-docs/index.html is listed, sealed and linked
from the site, and describes every published table as the release database holds it."""

from __future__ import annotations

import json

from orchestration.publish.dbt_docs import NAME, PAGE, inlined_documents


def test_the_release_carries_dbt_docs_describing_every_published_table(published, published_db):
    release = published.releases_dir / "latest"
    manifest = json.loads((release / "manifest.json").read_text())
    assert manifest["attachments"] == ["charts", "trend_charts", "metadata", NAME, "site"]
    assert [entry["path"] for entry in manifest[NAME]] == [PAGE]
    assert f"  {PAGE}\n" in (release / "SHA256SUMS").read_text()

    docs_manifest, catalog = inlined_documents((release / PAGE).read_text(encoding="utf-8"))
    tables = {mart["table"]: mart for mart in manifest["marts"]}
    documented = {
        f"{node['metadata']['schema']}.{node['metadata']['name']}": node
        for node in catalog["nodes"].values()
    }
    assert documented.keys() == tables.keys()
    for table, node in documented.items():
        schema, name = table.split(".")
        columns = published_db.execute(
            "select column_name from duckdb_columns()"
            " where schema_name = ? and table_name = ? order by column_index",
            [schema, name],
        ).fetchall()
        by_index = sorted(node["columns"].values(), key=lambda column: column["index"])
        assert [column["name"] for column in by_index] == [c for (c,) in columns], table
        assert node["stats"]["row_count"]["value"] == tables[table]["row_count"], table
        model = docs_manifest["nodes"][node["unique_id"]]
        assert model["description"] and model["access"] == "public", table

    crime = docs_manifest["nodes"]["model.frontline.rpt_police_recorded_crime"]
    assert "crimes_per_1000_population" in crime["columns"]
    assert docs_manifest["metrics"]["metric.frontline.police_crime_rate"]["label"]


def test_every_site_page_links_to_the_dbt_docs(published):
    release = published.releases_dir / "latest"
    manifest = json.loads((release / "manifest.json").read_text())
    pages = [entry["path"] for entry in manifest["site"] if entry["path"].endswith(".html")]
    assert len(pages) > 100
    for rel in pages[:: max(1, len(pages) // 50)]:  # 50 pages spread over every kind
        link = f'<a href="{"../" * rel.count("/")}{PAGE}">the dbt documentation</a>'
        assert link in (release / rel).read_text(encoding="utf-8"), rel
