"""The metadata attachment: every open-standard file of a release, in the order they depend on
each other.

1. CSVW descriptions beside the CSVs (``csvw.py``);
2. the EES tidy CSVs of the headline marts (``ees/``);
3. the change log against the previous release (``changelog.py``);
4. ``PROVENANCE.md`` (``provenance.py``);
5. the Frictionless Data Package (``datapackage.py``);
6. the DCAT catalogue (``dcat.py``), last: it lists the files of 1 and 2 as distributions.

Everything is a function of the staging database, the mart entries, the contracts, the sources
and the previous release, so the same data and release give the same bytes.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

import duckdb

from orchestration.publish.attachment import Attachment, ReleaseInfo
from orchestration.publish.metadata.changelog import write_changelog
from orchestration.publish.metadata.csvw import write_csvw
from orchestration.publish.metadata.datapackage import write_datapackage
from orchestration.publish.metadata.dcat import write_catalogue
from orchestration.publish.metadata.ees import write_ees
from orchestration.publish.metadata.provenance import write_provenance
from orchestration.raw.catalog.provenance import PROVENANCE_NAME

NAME = "metadata"


def write_metadata(
    con: duckdb.DuckDBPyConnection,
    folder: Path,
    info: ReleaseInfo,
    provenance: Path | None = None,
) -> list[dict[str, Any]]:
    """Write the metadata files into ``folder``; one listing entry per file (with its ``kind``:
    csvw, ees, changelog, provenance, datapackage, dcat)."""
    entries = write_csvw(con, folder, info)
    entries += write_ees(con, folder, info)
    entries += write_changelog(con, folder, info)
    entries += write_provenance(folder, provenance)
    entries += write_datapackage(con, folder, info)
    entries += write_catalogue(con, folder, info, entries)
    return sorted(entries, key=lambda e: e["path"])


def metadata_attachment(data_dir: Path | None) -> Attachment:
    """The attachment, shipping ``data_dir``'s PROVENANCE.md when it has one."""
    provenance = data_dir / PROVENANCE_NAME if data_dir is not None else None
    if provenance is not None and not provenance.is_file():
        provenance = None
    return Attachment(NAME, partial(write_metadata, provenance=provenance))
