"""Dagster resources: the one working DuckDB database that every writing asset shares."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb


class WarehouseResource(dg.ConfigurableResource):
    """The working (read-write) DuckDB database. Open it briefly, one writer at a time."""

    database_path: str
    data_dir: str

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        Path(self.database_path).parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(self.database_path, read_only=read_only)
        try:
            yield con
        finally:
            con.close()
