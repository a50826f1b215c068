"""The DCAT catalogue of a release: ``catalog.jsonld`` (W3C DCAT in JSON-LD, DCAT-AP shaped).

One ``dcat:Catalog`` (the release: title, description, publisher, licence, rights, issued and
modified) with one ``dcat:Dataset`` per published table (``dct:identifier`` its
``schema.table``; title and description from the dbt contract; publisher; licence; issued and
modified) and one ``dcat:Distribution`` per file of the table: the CSV, the Parquet file, the
CSVW description and any EES files, each with ``dcat:mediaType`` (an IANA media type),
``dct:format``, ``dcat:accessURL`` and ``dcat:downloadURL``, ``dcat:byteSize`` and an
``spdx:checksum`` (SHA-256).

Addresses are relative IRIs (``csv/dim_period.csv``, ``#dataset-dim_period``): JSON-LD resolves
them against the address the catalogue is read from, so the same file is right in the release
folder, from ``file://`` or wherever the release is served. There is no base to configure.

A dataset's ``dct:issued`` is when the table was first published (carried from the previous
release's catalogue, else this release's time), its ``dct:modified`` when its Parquet file last
changed (kept from the previous catalogue while the file's sha256 is the same). The shape the
catalogue keeps to is committed beside this module: ``dcat_ap_shapes.ttl`` (SHACL; the DCAT-AP
mandatory properties plus those this catalogue promises), checked with pyshacl in the suite.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import duckdb

from orchestration.publish.attachment import ReleaseInfo, write_file
from orchestration.publish.licence import licence_statement
from orchestration.publish.metadata import dataset
from orchestration.publish.metadata.previous import PreviousRelease, previous_release
from orchestration.publish.metadata.serialise import to_json

CATALOG = "catalog.jsonld"
SHAPES = Path(__file__).with_name("dcat_ap_shapes.ttl")
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "spdx": "http://spdx.org/rdf/terms#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
IANA = "https://www.iana.org/assignments/media-types/"
EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
# file kind -> (IANA media type, EU file type, what the distribution is)
FORMATS = {
    "csv": ("text/csv", "CSV", "CSV"),
    "parquet": ("application/vnd.apache.parquet", "PARQUET", "Parquet"),
    "csvw": ("application/csvm+json", "JSON_LD", "CSVW description"),
    "ees": ("text/csv", "CSV", "Explore Education Statistics CSV"),
}
PUBLISHER_ID = "#publisher"


def _datetime(value: str) -> dict[str, str]:
    return {"@value": value, "@type": "xsd:dateTime"}


def distribution(entry: Mapping[str, Any], kind: str, title: str) -> dict[str, Any]:
    """A ``dcat:Distribution`` of one file of the release (its listing entry)."""
    media, file_type, what = FORMATS[kind]
    rel = entry["path"]
    return {
        "@id": f"#distribution-{rel}",
        "@type": "dcat:Distribution",
        "dct:title": f"{title}: {what} ({Path(rel).name})",
        "dcat:mediaType": {"@id": IANA + media},
        "dct:format": {"@id": EU_FILE_TYPE + file_type},
        "dcat:accessURL": {"@id": rel},
        "dcat:downloadURL": {"@id": rel},
        "dcat:byteSize": {"@value": str(entry["bytes"]), "@type": "xsd:nonNegativeInteger"},
        "spdx:checksum": {
            "@type": "spdx:Checksum",
            "spdx:algorithm": {"@id": "spdx:checksumAlgorithm_sha256"},
            "spdx:checksumValue": {"@value": entry["sha256"], "@type": "xsd:hexBinary"},
        },
        "dct:license": {"@id": dataset.OGL.url},
    }


def _dates(
    mart: Mapping[str, Any], previous: PreviousRelease | None, created_at: str
) -> tuple[str, str]:
    """(issued, modified) of a table's dataset (see the module docstring)."""
    if previous is None:
        return created_at, created_at
    catalogue = previous.json_file(CATALOG) or {}
    earlier = next(
        (d for d in catalogue.get("dcat:dataset", []) if d.get("dct:identifier") == mart["table"]),
        None,
    )
    if earlier is None:
        return created_at, created_at
    issued = earlier.get("dct:issued", {}).get("@value", created_at)
    before = previous.file(mart["table"], "parquet") or {}
    same = before.get("sha256") == dataset.mart_file(mart, "parquet")["sha256"]
    modified = earlier.get("dct:modified", {}).get("@value", created_at) if same else created_at
    return issued, modified


def catalogue(info: ReleaseInfo, attached: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The JSON-LD document; ``attached`` are the metadata files written before it (their
    ``kind`` and ``table`` say which dataset they belong to)."""
    previous = previous_release(info.previous)
    datasets = []
    for mart in info.marts:
        qualified = mart["table"]
        contract = dataset.contract_of(info.contracts, mart)
        title = dataset.title(contract, qualified)
        files = [(f, f["format"]) for f in mart["files"]]
        files += [(e, e["kind"]) for e in attached if e.get("table") == qualified]
        issued, modified = _dates(mart, previous, info.created_at)
        datasets.append(
            {
                "@id": f"#dataset-{dataset.table_name(qualified)}",
                "@type": "dcat:Dataset",
                "dct:identifier": qualified,
                "dct:title": title,
                "dct:description": dataset.description(contract, qualified),
                "dct:publisher": {"@id": PUBLISHER_ID},
                "dct:license": {"@id": dataset.OGL.url},
                "dct:issued": _datetime(issued),
                "dct:modified": _datetime(modified),
                "dcat:distribution": [
                    distribution(entry, kind, title)
                    for entry, kind in sorted(files, key=lambda f: f[0]["path"])
                    if kind in FORMATS
                ],
            }
        )
    issued = (previous.json_file(CATALOG) or {}).get("dct:issued") if previous else None
    return {
        "@context": CONTEXT,
        "@id": "#catalog",
        "@type": "dcat:Catalog",
        "dct:identifier": info.release_id,
        "dct:title": dataset.CATALOGUE_TITLE,
        "dct:description": dataset.CATALOGUE_DESCRIPTION,
        "dct:publisher": {
            "@id": PUBLISHER_ID,
            "@type": "foaf:Agent",
            "foaf:name": dataset.PUBLISHER,
        },
        "dct:license": {"@id": dataset.OGL.url},
        "dct:rights": {
            "@id": "#rights",
            "@type": "dct:RightsStatement",
            "dct:description": licence_statement(info.sources),
        },
        "dct:issued": issued or _datetime(info.created_at),
        "dct:modified": _datetime(info.created_at),
        "dcat:dataset": datasets,
    }


def write_catalogue(
    con: duckdb.DuckDBPyConnection,
    folder: Path,
    info: ReleaseInfo,
    attached: Sequence[Mapping[str, Any]] = (),
) -> list[dict[str, Any]]:
    return [write_file(folder, CATALOG, to_json(catalogue(info, attached)), kind="dcat")]
