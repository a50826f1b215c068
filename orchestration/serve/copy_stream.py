"""A DuckDB query's rows as CSV, streamed while DuckDB writes them: the input of a PostgreSQL
``COPY ... FROM STDIN (FORMAT csv)``.

DuckDB's own CSV writer (parallel, C++) writes into a named pipe from a thread while this thread
passes what it reads to the sink, so exporting and loading overlap and no temporary file holds a
table. The dialects agree: ``,`` between fields, ``"`` quoting with ``""`` inside, a NULL as an
empty unquoted field and an empty string as ``""``; numbers, dates and times in text that
PostgreSQL reads back to the same value (doubles in their shortest exact form, ``nan``, ``inf``).
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb

CHUNK_BYTES = 1 << 20
# use_tmp_file false: DuckDB must write into the pipe itself, not beside it and then rename
CSV_OPTIONS = (
    "format csv, header false, delim ',', quote '\"', escape '\"', nullstr '', use_tmp_file false"
)


def stream_csv(
    duck: duckdb.DuckDBPyConnection, query: str, sink: Callable[[bytes], object]
) -> None:
    """Call ``sink`` with successive chunks of the CSV of ``query``'s rows (no header).

    Raises what DuckDB raised if its export failed, so a partial stream is never mistaken for
    the whole; if ``sink`` raises, DuckDB is interrupted and the pipe drained before the error
    goes on, so the exporting thread always ends."""
    with tempfile.TemporaryDirectory(prefix="frontline-serve-") as work:
        fifo = Path(work) / "rows.csv"
        os.mkfifo(fifo, 0o600)
        # Opened for reading without waiting for a writer, then a write end held open here until
        # DuckDB is done: the reader sees end-of-file only after the export ended, however it
        # ended (even if DuckDB failed before it opened the pipe).
        read_fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
        os.set_blocking(read_fd, True)
        hold_fd = os.open(fifo, os.O_WRONLY)
        exporter = duck.cursor()
        failures: list[BaseException] = []
        target = str(fifo).replace("'", "''")

        def export() -> None:
            try:
                exporter.execute("set timezone = 'UTC'")
                exporter.execute(f"copy ({query}) to '{target}' ({CSV_OPTIONS})")
            except BaseException as error:  # noqa: BLE001 - handed to the reading thread
                failures.append(error)
            finally:
                os.close(hold_fd)

        thread = threading.Thread(target=export, name="duckdb-csv-export", daemon=True)
        thread.start()
        try:
            with os.fdopen(read_fd, "rb", buffering=CHUNK_BYTES) as pipe:
                try:
                    while chunk := pipe.read(CHUNK_BYTES):
                        sink(chunk)
                except BaseException:
                    exporter.interrupt()
                    while pipe.read(CHUNK_BYTES):
                        pass
                    raise
        finally:
            thread.join()
            exporter.close()
        if failures:
            raise failures[0]
