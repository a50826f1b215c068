"""Explore Education Statistics (EES) tidy CSVs of the headline marts, in ``ees/``.

The government's Explore Education Statistics data standard (DfE's "Open data standards"): each
data file starts with ``time_period``, ``time_identifier``, ``geographic_level``,
``country_code`` and ``country_name``, then the codes and names of its geographic levels, then
its filters, then its indicators; beside it, ``<name>.meta.csv`` says which columns are filters
and which indicators (``col_name``, ``col_type``, ``label``, ``indicator_grouping``,
``indicator_unit``, ``indicator_dp``, ``filter_hint``, ``filter_grouping_column``). Values are
rounded to each indicator's ``decimal_places`` (``marts.dim_indicator``), missing values are GSS
symbols, and both files are UTF-8 with a byte-order mark. Which files, and from what:
``headline.py``; the rounding and the writing: ``writer.py``; the shared parts: ``layout.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from orchestration.publish.attachment import ReleaseInfo
from orchestration.publish.metadata.ees.headline import headline_files
from orchestration.publish.metadata.ees.writer import EES_DIR, write_ees_file


def write_ees(
    con: duckdb.DuckDBPyConnection, folder: Path, info: ReleaseInfo | None = None
) -> list[dict[str, Any]]:
    """Every EES file of the headline marts the release holds, with its metadata file."""
    return [entry for spec in headline_files(con) for entry in write_ees_file(con, folder, spec)]


__all__ = ["EES_DIR", "write_ees"]
