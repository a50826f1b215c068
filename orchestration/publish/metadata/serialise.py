"""JSON as every metadata file of a release writes it: byte-for-byte the same for the same value.

Keys keep the order they were built in (never a set's or a dict's accidental order: callers
sort), two-space indentation, UTF-8 text rather than escapes, no NaN or infinity (JSON has none:
they become null), one newline at the end.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any


def jsonable(value: Any) -> Any:
    """``value`` with non-finite floats as None, dates as ISO text, tuples as lists."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if value is None or isinstance(value, str | int | bool):
        return value
    return str(value)


def to_json(value: Any) -> str:
    return json.dumps(jsonable(value), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
