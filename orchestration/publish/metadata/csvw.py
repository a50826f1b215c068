"""CSV on the Web (W3C CSVW) descriptions: ``csv/<table>.csv-metadata.json`` beside each CSV.

The name follows CSVW's default locating convention (``{+url}-metadata.json``), so a CSVW
processor given only the CSV finds its description. Each describes one table:

- ``url``: the CSV, relative to the description (they sit side by side);
- ``dc:title``, ``dc:description`` (the dbt contract), ``dc:publisher``, ``dc:license``;
- ``dialect``: export.CSV_DIALECT's encoding, delimiter, quote and header (a UTF-8 byte-order
  mark at the start of a CSV is allowed: CSVW processors read ``utf-8`` with or without one);
- ``null: ""``: an empty field is NULL (the export writes an empty string as ``""``, which CSVW
  also reads as empty, so in CSVW terms the two are the same);
- ``tableSchema``: every column in file order with ``name``, ``titles`` (the header cell),
  ``dc:description`` (the dbt YAML), ``datatype`` (from the DuckDB type, ``columns.py``) and
  ``required`` (NOT NULL, or the key on its own), ``valueUrl`` for columns holding GSS codes
  (``columns.gss_columns``), and the contract's ``primaryKey``.

The description depends only on the table's contract, columns and data, never on the release id
or time, so an unchanged table keeps a byte-identical description from release to release.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import duckdb

from orchestration.publish import export
from orchestration.publish.attachment import ReleaseInfo, write_file
from orchestration.publish.contract import MartContract
from orchestration.publish.metadata import dataset
from orchestration.publish.metadata.columns import (
    GSS_URI_TEMPLATE,
    csvw_datatype,
    gss_columns,
    is_required,
)
from orchestration.publish.metadata.serialise import to_json

CONTEXT = ["http://www.w3.org/ns/csvw", {"@language": "en"}]
SUFFIX = "-metadata.json"


def dialect() -> dict[str, Any]:
    """The CSVW dialect of the exported CSVs, from ``export.CSV_DIALECT``."""
    csv = export.CSV_DIALECT
    return {
        "encoding": csv["encoding"],
        "delimiter": csv["delimiter"],
        "quoteChar": csv["quote"],
        "doubleQuote": True,
        "header": csv["header"],
        "headerRowCount": 1 if csv["header"] else 0,
        "trim": False,
    }


def table_description(
    mart: Mapping[str, Any], contract: MartContract, gss: Sequence[str]
) -> dict[str, Any]:
    """The CSVW description of one mart's CSV (see the module docstring)."""
    qualified = mart["table"]
    csv_path = dataset.mart_file(mart, "csv")["path"]
    key = list(contract.primary_key)
    columns = []
    for column in mart["columns"]:
        name = column["name"]
        described: dict[str, Any] = {
            "name": name,
            "titles": name,
            "dc:description": dataset.column_description(contract, name),
            "datatype": csvw_datatype(column["type"], f"{qualified}.{name}"),
            "required": is_required(column, key),
        }
        if name in gss:
            described["valueUrl"] = GSS_URI_TEMPLATE % name
        columns.append(described)
    schema: dict[str, Any] = {"columns": columns}
    if key:
        schema["primaryKey"] = key
    return {
        "@context": CONTEXT,
        "url": Path(csv_path).name,
        "dc:title": dataset.title(contract, qualified),
        "dc:description": dataset.description(contract, qualified),
        "dc:publisher": dataset.PUBLISHER,
        "dc:license": {"@id": dataset.OGL.url},
        "dialect": dialect(),
        "null": export.CSV_DIALECT["null"],
        "tableSchema": schema,
    }


def metadata_path(mart: Mapping[str, Any]) -> str:
    """Where a mart's CSVW description goes: beside its CSV."""
    return dataset.mart_file(mart, "csv")["path"] + SUFFIX


def write_csvw(
    con: duckdb.DuckDBPyConnection, folder: Path, info: ReleaseInfo
) -> list[dict[str, Any]]:
    """One CSVW description per mart CSV; their listing entries (``kind: csvw``)."""
    entries = []
    for mart in info.marts:
        contract = dataset.contract_of(info.contracts, mart)
        gss = gss_columns(con, _relation(mart["table"]), mart["columns"])
        description = table_description(mart, contract, gss)
        entries.append(
            write_file(
                folder,
                metadata_path(mart),
                to_json(description),
                kind="csvw",
                table=mart["table"],
                gss_columns=gss,
            )
        )
    return entries


def _relation(qualified: str) -> str:
    return ".".join('"' + part.replace('"', '""') + '"' for part in qualified.split("."))
