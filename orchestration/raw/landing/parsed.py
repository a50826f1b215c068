"""What every parser hands to the landing step."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

REJECT_COLUMNS = ["row_number", "column_name", "value", "reason"]


@dataclass
class ParsedFile:
    """One sheet (or CSV) read as published.

    rows: published columns as text, `_row_number` (1-based row in the sheet or file, header
    counted) and any file-context columns (e.g. `year_ending`). rejects: one line per problem
    cell (REJECT_COLUMNS); a rejected row is not in `rows`.
    column_types: DuckDB types for the columns that are not VARCHAR (context columns).
    """

    sheet: str | None
    rows: pd.DataFrame
    rejects: pd.DataFrame
    column_types: dict[str, str] = field(default_factory=dict)


class RejectLog:
    """Collects reasons why rows cannot be landed, keeping the published value."""

    def __init__(self) -> None:
        self._items: list[tuple[int, str | None, str | None, str]] = []
        self.rows: set[int] = set()

    def add(self, row_number: int, column: str | None, value: str | None, reason: str) -> None:
        self._items.append((row_number, column, value, reason))
        self.rows.add(row_number)

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self._items, columns=REJECT_COLUMNS).astype(
            {"row_number": "int64", "column_name": "object", "value": "object"}
        )


def rows_frame(records: list[list[object]], columns: list[str]) -> pd.DataFrame:
    """A frame whose published columns stay text (object dtype), never inferred numbers."""
    frame = pd.DataFrame(records, columns=columns, dtype=object)
    frame["_row_number"] = frame["_row_number"].astype("int64")
    return frame
