"""Column names for raw tables, made from published header labels."""

from __future__ import annotations

import re

_NON_WORD = re.compile(r"[^0-9a-z]+")


def snake_case(label: str) -> str:
    """'LAD17CD' -> 'lad17cd', 'local-authority-code' -> 'local_authority_code',
    'As at 31 March...' -> 'as_at_31_march', 'Total (FTE)' -> 'total_fte'."""
    return _NON_WORD.sub("_", label.replace("\ufeff", "").strip().lower()).strip("_")
