"""What the raw layer holds, per source: files landed, rows landed and rejected, the reject
threshold, and the files quarantined (found but not landed), for the run summary and the release
manifest. Read from the load log, the rejects table and the quarantine table, never re-parsed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import duckdb

from orchestration.raw.landing.raw_schema import SCHEMA
from orchestration.raw.landing.source import Source

TOP_REASONS = 5


@dataclass(frozen=True)
class SourceLoadReport:
    source: str
    raw_table: str
    files_landed: int
    rows_landed: int
    rows_rejected: int
    max_rejected_rows: int
    # the most frequent reject reasons, most frequent first: [{"reason", "rows"}]
    reject_reasons: list[dict[str, Any]] = field(default_factory=list)
    # files found but not landed: [{"file", "reason"}]
    quarantined: list[dict[str, str]] = field(default_factory=list)

    @property
    def over_threshold(self) -> bool:
        """More rows rejected than the source allows: publication is blocked."""
        return self.rows_rejected > self.max_rejected_rows

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"over_threshold": self.over_threshold}

    def line(self) -> str:
        """One line for the run summary."""
        text = (
            f"{self.source}: {self.files_landed} file(s), {self.rows_landed:,} rows, "
            f"{self.rows_rejected:,} rejected (allowed {self.max_rejected_rows:,})"
        )
        if self.quarantined:
            text += f", {len(self.quarantined)} file(s) quarantined"
        return text


def max_rejected_rows(source: Source) -> int:
    """The source's reject threshold: zero unless its catalog entry allows more."""
    return int(getattr(source, "max_rejected_rows", 0) or 0)


def load_report(con: duckdb.DuckDBPyConnection, sources: list[Source]) -> list[SourceLoadReport]:
    """One report per source, in catalog order. ``con`` may be read-only once raw exists."""
    if not _raw_exists(con):  # no load has run yet: every source has nothing
        return [_empty_report(source) for source in sources]
    landed = _by_table(
        con,
        f"select raw_table, count(*), sum(rows_landed), sum(rows_rejected) "
        f"from {SCHEMA}._load_log group by raw_table",
    )
    reasons: dict[str, list[dict[str, Any]]] = {}
    for table, reason, rows in con.execute(
        f"select raw_table, reason, count(*) as n from {SCHEMA}._rejects "
        "group by raw_table, reason order by raw_table, n desc, reason"
    ).fetchall():
        reasons.setdefault(table, [])
        if len(reasons[table]) < TOP_REASONS:
            reasons[table].append({"reason": reason, "rows": int(rows)})
    quarantined: dict[str, list[dict[str, str]]] = {}
    for table, file, reason in con.execute(
        f"select raw_table, source_file, reason from {SCHEMA}._quarantine "
        "order by raw_table, source_file"
    ).fetchall():
        quarantined.setdefault(table, []).append({"file": file, "reason": reason})
    reports = []
    for source in sources:
        files, rows, rejected = landed.get(source.raw_table, (0, 0, 0))
        reports.append(
            SourceLoadReport(
                source=source.name,
                raw_table=source.raw_table,
                files_landed=int(files or 0),
                rows_landed=int(rows or 0),
                rows_rejected=int(rejected or 0),
                max_rejected_rows=max_rejected_rows(source),
                reject_reasons=reasons.get(source.raw_table, []),
                quarantined=quarantined.get(source.raw_table, []),
            )
        )
    return reports


def _empty_report(source: Source) -> SourceLoadReport:
    return SourceLoadReport(source.name, source.raw_table, 0, 0, 0, max_rejected_rows(source))


def _raw_exists(con: duckdb.DuckDBPyConnection) -> bool:
    (tables,) = con.execute(
        "select count(*) from information_schema.tables where table_schema = ? "
        "and table_name in ('_load_log', '_rejects', '_quarantine')",
        [SCHEMA],
    ).fetchone()
    return tables == 3


def _by_table(con: duckdb.DuckDBPyConnection, query: str) -> dict[str, tuple]:
    return {row[0]: tuple(row[1:]) for row in con.execute(query).fetchall()}
