"""Turn a spreadsheet cell into the text it shows."""

from __future__ import annotations

import datetime as dt
import re

_NUMBER = re.compile(r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$")


def cell_text(value: object) -> str:
    """Text of a calamine cell: 5013284.0 -> '5013284', 164.99 -> '164.99', '' stays ''.

    calamine returns every spreadsheet number as a float; an integral float is written without
    '.0' because that is how the sheet displays it, other floats by Python's shortest
    round-tripping repr.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return str(value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def is_number(value: object) -> bool:
    """A numeric cell, or text that reads as a plain decimal number."""
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    return isinstance(value, str) and bool(_NUMBER.match(value.strip()))


def is_blank_row(cells: list[object]) -> bool:
    return all(cell_text(c).strip() == "" for c in cells)
