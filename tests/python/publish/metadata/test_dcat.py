"""The DCAT catalogue of a release: parsed with rdflib, checked with pyshacl against the
committed DCAT-AP shapes."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, tzinfo
from pathlib import Path

import duckdb
import pyshacl
import pytest
import rdflib
from rdflib.namespace import DCAT, DCTERMS, RDF

from orchestration.paths import FrontlinePaths
from orchestration.publish import release as release_module
from orchestration.publish.metadata.dcat import SHAPES
from orchestration.publish.model import Release

from .conftest import publish

SPDX = rdflib.Namespace("http://spdx.org/rdf/terms#")
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


def graph(path: Path) -> rdflib.Graph:
    return rdflib.Graph().parse(path, format="json-ld")


def conforms(data: rdflib.Graph) -> tuple[bool, set[str]]:
    """pyshacl's verdict against the committed shapes, and the properties it found wanting."""
    ok, results, _ = pyshacl.validate(data, shacl_graph=rdflib.Graph().parse(SHAPES))
    return ok, {str(path) for path in results.objects(None, SH.resultPath)}


def test_the_catalogue_parses_and_conforms_to_the_dcat_ap_shapes(published: Release):
    data = graph(published.folder / "catalog.jsonld")
    assert conforms(data) == (True, set())
    datasets = sorted(
        str(data.value(d, DCTERMS.identifier)) for d in data.subjects(RDF.type, DCAT.Dataset)
    )
    assert datasets == ["marts.dim_area", "marts.fct_force_value"]


def test_every_distribution_downloads_the_file_its_checksum_names(published: Release):
    data = graph(published.folder / "catalog.jsonld")
    seen = set()
    for dist in data.subjects(RDF.type, DCAT.Distribution):
        url = str(data.value(dist, DCAT.downloadURL))
        # relative addresses resolve against the catalogue's own location
        path = Path(url.removeprefix("file://"))
        assert path.parent.parent == published.folder or path.parent == published.folder
        checksum = data.value(dist, SPDX.checksum)
        assert str(data.value(checksum, SPDX.algorithm)) == str(SPDX.checksumAlgorithm_sha256)
        assert (
            str(data.value(checksum, SPDX.checksumValue))
            == hashlib.sha256(path.read_bytes()).hexdigest()
        )
        assert int(data.value(dist, DCAT.byteSize)) == path.stat().st_size
        seen.add(path.relative_to(published.folder).as_posix())
    assert seen == {
        "csv/dim_area.csv",
        "csv/dim_area.csv-metadata.json",
        "parquet/dim_area.parquet",
        "csv/fct_force_value.csv",
        "csv/fct_force_value.csv-metadata.json",
        "parquet/fct_force_value.parquet",
    }


def test_the_shapes_refuse_a_dataset_without_title_and_a_distribution_without_checksum(
    published: Release, tmp_path: Path
):
    document = json.loads((published.folder / "catalog.jsonld").read_text())
    del document["dcat:dataset"][0]["dct:title"]
    del document["dcat:dataset"][1]["dcat:distribution"][0]["spdx:checksum"]
    broken = tmp_path / "catalog.jsonld"
    broken.write_text(json.dumps(document))
    assert conforms(graph(broken)) == (False, {str(DCTERMS.title), str(SPDX.checksum)})


def _clock(monkeypatch: pytest.MonkeyPatch, when: datetime) -> None:
    class Clock(datetime):
        @classmethod
        def now(cls, tz: tzinfo | None = None) -> datetime:
            return when

    monkeypatch.setattr(release_module, "datetime", Clock)


def _dates(release: Release) -> dict[str, tuple[str, str]]:
    document = json.loads((release.folder / "catalog.jsonld").read_text())
    return {
        d["dct:identifier"]: (d["dct:issued"]["@value"], d["dct:modified"]["@value"])
        for d in document["dcat:dataset"]
    }


def test_issued_and_modified_follow_the_tables_across_releases(
    home: FrontlinePaths, monkeypatch: pytest.MonkeyPatch
):
    _clock(monkeypatch, datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC))
    first = publish(home)
    _clock(monkeypatch, datetime(2026, 2, 1, 12, 0, 0, tzinfo=UTC))
    con = duckdb.connect(str(home.working_db))
    con.execute("update marts.fct_force_value set value = 72.5 where force_code = 'E23000005'")
    con.close()
    second = publish(home)
    assert _dates(first) == {
        "marts.dim_area": ("2026-01-01T12:00:00Z", "2026-01-01T12:00:00Z"),
        "marts.fct_force_value": ("2026-01-01T12:00:00Z", "2026-01-01T12:00:00Z"),
    }
    assert _dates(second) == {
        "marts.dim_area": ("2026-01-01T12:00:00Z", "2026-01-01T12:00:00Z"),
        "marts.fct_force_value": ("2026-01-01T12:00:00Z", "2026-02-01T12:00:00Z"),
    }
