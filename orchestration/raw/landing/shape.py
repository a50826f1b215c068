"""Shape checks: a published file must still look the way its parser expects.

Publishers change layouts without notice. A changed header must stop the load with a message a
data engineer can act on (file, sheet, expected, found), never land misaligned columns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Footnote markers glued to a label: 'Violence against the person4', 'Stalking and harassment 5',
# 'Residential burglary5,6', 'Total recorded crime (excluding fraud3)'.
_FOOTNOTE = re.compile(r"(?<=[A-Za-z)])\s?\d+(?:,\d+)*(?=\)|\s|$)")
_SPACE = re.compile(r"\s+")


class ShapeError(ValueError):
    """A published file's layout differs from what its parser declares."""


class LoadError(ShapeError):
    """A file could not be landed: one line naming it by its path in the data folder, then the
    sheet, row and column where known, what was expected and what was found.

    The landing step raises it for every bad file (its parser's ShapeError, an unreadable
    file, a truncated edition), so a caller catches one type and shows one line.
    """

    def __init__(self, message: str) -> None:
        super().__init__(one_line(message))


def one_line(text: str) -> str:
    """`text` on one line: line breaks and runs of whitespace become single spaces."""
    return _SPACE.sub(" ", text).strip()


def where(file: str, sheet: str | None) -> str:
    return f"{file} (sheet {sheet!r})" if sheet is not None else file


def shape_error(file: str, sheet: str | None, problem: str) -> ShapeError:
    """A one-line ShapeError for a layout problem other than a header mismatch."""
    return ShapeError(f"{where(file, sheet)}: {problem}")


def normalise_label(label: object, strip_footnotes: bool = False) -> str:
    """Header text without BOM, surrounding or doubled whitespace and (optionally) footnotes."""
    text = str(label).replace("\ufeff", "")
    if strip_footnotes:
        text = _FOOTNOTE.sub("", text)
    return _SPACE.sub(" ", text).strip()


def check_header(
    file: str,
    sheet: str | None,
    expected: Sequence[str],
    found: Sequence[str],
    strip_footnotes: bool = False,
) -> None:
    """Raise a one-line ShapeError unless the found labels equal the expected ones, in order."""
    want = [normalise_label(x, strip_footnotes) for x in expected]
    got = [normalise_label(x, strip_footnotes) for x in found]
    if want == got:
        return
    raise header_mismatch(file, sheet, want, got)


def header_mismatch(
    file: str, sheet: str | None, expected: Sequence[str], found: Sequence[str]
) -> ShapeError:
    missing = [x for x in expected if x not in found]
    unexpected = [x for x in found if x not in expected]
    detail = f"missing {missing}; unexpected {unexpected}"
    if not missing and not unexpected:
        detail = "same labels in a different order or repeated"
    return shape_error(
        file, sheet, f"header mismatch: expected {list(expected)}, found {list(found)} ({detail})"
    )
