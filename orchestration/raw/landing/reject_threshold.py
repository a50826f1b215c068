"""The blocking check on every raw asset: no more rows rejected than the source allows.

A rejected row is a published row that is not in raw (a count printed '1,234', a row with too
few fields), so every figure built on it would be short without saying so. Each source declares
`max_rejected_rows` (zero unless its catalog entry says why); a load with more fails the check
`rejects_within_threshold`, which is blocking: nothing downstream of that raw table is built and
nothing is published. The check is declared on the asset and its result returned by the asset
itself, so it adds no step. Counts are read from the load log and the rejects table, the same
figures the load report (load_report.py) gives the run summary and the manifest.
"""

from __future__ import annotations

from dataclasses import dataclass

import dagster as dg
import duckdb

from orchestration.raw.landing.raw_schema import SCHEMA
from orchestration.raw.landing.source import Source

CHECK_NAME = "rejects_within_threshold"
REASONS_SHOWN = 3
VALUE_SHOWN = 40  # characters of a rejected value quoted in the one-line description


@dataclass(frozen=True)
class RejectReason:
    """One reason rows were rejected, how many rows, and the first such row as an example."""

    reason: str
    rows: int
    source_file: str
    sheet: str | None
    row_number: int
    column_name: str | None
    value: str | None

    def example(self) -> str:
        where = self.source_file + (f" sheet {self.sheet!r}" if self.sheet else "")
        text = f"{where} row {self.row_number}"
        if self.column_name:
            text += f" column {self.column_name}"
        if self.value is not None:
            value = self.value if len(self.value) <= VALUE_SHOWN else self.value[:VALUE_SHOWN] + "…"
            text += f" value {value!r}"
        return text


def rejected_row_count(con: duckdb.DuckDBPyConnection, raw_table: str) -> int:
    (rows,) = con.execute(
        f"select coalesce(sum(rows_rejected), 0) from {SCHEMA}._load_log where raw_table = ?",
        [raw_table],
    ).fetchone()
    return int(rows)


def reject_reasons(con: duckdb.DuckDBPyConnection, raw_table: str) -> list[RejectReason]:
    """Reasons by rows rejected (most first), each with its first row (by file, row)."""
    found = con.execute(
        f"""
        select reason,
            count(distinct (source_file, row_number)) as rows,
            arg_min(source_file, (source_file, row_number)),
            arg_min(sheet, (source_file, row_number)),
            arg_min(row_number, (source_file, row_number)),
            arg_min(column_name, (source_file, row_number)),
            arg_min(value, (source_file, row_number))
        from {SCHEMA}._rejects
        where raw_table = ?
        group by reason
        order by rows desc, reason
        """,
        [raw_table],
    ).fetchall()
    return [RejectReason(*row) for row in found]


def describe(source: Source, rejected: int, reasons: list[RejectReason]) -> str:
    """One line: count, threshold and the most frequent reasons, each with an example row."""
    allowed = source.max_rejected_rows
    text = f"raw.{source.raw_table}: {rejected:,} row(s) rejected, "
    if rejected <= allowed:
        return text + f"within the {allowed:,} allowed"
    text += f"more than the {allowed:,} allowed (max_rejected_rows)"
    shown = "; ".join(
        f"{r.reason!r}: {r.rows:,} row(s), e.g. {r.example()}" for r in reasons[:REASONS_SHOWN]
    )
    more = len(reasons) - REASONS_SHOWN
    return text + (f": {shown}" if shown else "") + (f"; {more} more reason(s)" if more > 0 else "")


def check_spec(source: Source) -> dg.AssetCheckSpec:
    return dg.AssetCheckSpec(
        name=CHECK_NAME,
        asset=dg.AssetKey(["raw", source.name]),
        blocking=True,
        description=(
            f"Rows rejected while loading raw.{source.raw_table} are at most "
            f"{source.max_rejected_rows} (the source's max_rejected_rows); more blocks "
            "everything downstream and publication."
        ),
    )


def check_result(con: duckdb.DuckDBPyConnection, source: Source) -> dg.AssetCheckResult:
    """The check's outcome for the raw table as it stands after this load."""
    rejected = rejected_row_count(con, source.raw_table)
    reasons = reject_reasons(con, source.raw_table) if rejected else []
    return dg.AssetCheckResult(
        check_name=CHECK_NAME,
        asset_key=dg.AssetKey(["raw", source.name]),
        passed=rejected <= source.max_rejected_rows,
        severity=dg.AssetCheckSeverity.ERROR,
        description=describe(source, rejected, reasons),
        metadata={
            "rows_rejected": dg.MetadataValue.int(rejected),
            "max_rejected_rows": dg.MetadataValue.int(source.max_rejected_rows),
            "failing_row_count": dg.MetadataValue.int(
                rejected if rejected > source.max_rejected_rows else 0
            ),
            "reasons": dg.MetadataValue.json(
                [{"reason": r.reason, "rows": r.rows, "example": r.example()} for r in reasons]
            ),
        },
    )
