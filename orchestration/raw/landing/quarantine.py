"""Record the files a source found but did not land (raw._quarantine), and keep raw free of them.

A source's quarantine rows are replaced whole each time it records them, so the table mirrors
the data folder as the last load saw it: a file fixed or removed drops out. A quarantined file
that had landed before (say, a file that no longer holds its force-month) has its rows, rejects
and load-log entry removed in the same transaction, so raw never holds a quarantined file.
The load report (load_report.py) reads the table for the run summary and the release manifest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from orchestration.raw.landing.data_files import file_sha256, relative_source_file
from orchestration.raw.landing.raw_schema import SCHEMA, ensure_raw_schema, remove_file_rows


@dataclass(frozen=True)
class Quarantined:
    """A file found but not landed, and why (one line a user can act on)."""

    path: Path
    reason: str


def source_file_of(path: Path, data_dir: Path) -> str:
    """The file's path in the data folder, as lineage names it; the path as given when it leads
    out of the folder (a link elsewhere is quarantined under the name it has here)."""
    try:
        return relative_source_file(path, data_dir)
    except ValueError:
        try:
            return path.relative_to(data_dir).as_posix()
        except ValueError:
            return path.as_posix()


def record_quarantine(
    con: duckdb.DuckDBPyConnection,
    raw_table: str,
    files: Sequence[Quarantined],
    data_dir: Path,
    detected_at: dt.datetime | None = None,
) -> list[str]:
    """Make raw._quarantine's rows for `raw_table` exactly `files`, and remove from raw whatever
    those files had landed. Returns the files whose landed rows were removed.

    A file quarantined before with the same bytes and reason keeps its first detected_at, so a
    run over an unchanged folder changes nothing. One transaction.
    """
    ensure_raw_schema(con)
    now = detected_at or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    rows = []
    for item in files:
        source_file = source_file_of(item.path, data_dir)
        rows.append((source_file, item.reason, _sha256_or_none(item.path)))
    earlier = {
        (source_file, reason, sha256): detected
        for source_file, reason, sha256, detected in con.execute(
            f"select source_file, reason, sha256, detected_at from {SCHEMA}._quarantine"
            " where raw_table = ?",
            [raw_table],
        ).fetchall()
    }
    landed = {
        source_file
        for (source_file,) in con.execute(
            f"select distinct source_file from {SCHEMA}._load_log where raw_table = ?",
            [raw_table],
        ).fetchall()
    }
    removed = sorted(landed & {source_file for source_file, _, _ in rows})
    con.begin()
    try:
        con.execute(f"delete from {SCHEMA}._quarantine where raw_table = ?", [raw_table])
        for source_file, reason, sha256 in rows:
            con.execute(
                f"insert into {SCHEMA}._quarantine"
                " (raw_table, source_file, reason, sha256, detected_at) values (?, ?, ?, ?, ?)",
                [
                    raw_table,
                    source_file,
                    reason,
                    sha256,
                    earlier.get((source_file, reason, sha256), now),
                ],
            )
        for source_file in removed:
            remove_file_rows(con, raw_table, source_file)
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return removed


def _sha256_or_none(path: Path) -> str | None:
    """The file's sha256; None for what has no bytes to hash (a folder, a broken link)."""
    try:
        return file_sha256(path) if path.is_file() else None
    except OSError:
        return None
