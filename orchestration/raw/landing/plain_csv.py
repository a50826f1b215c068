"""A plain CSV file: one that DuckDB's reader reads as the csv module does, record for line.

The exact reader (csvfile.py, the csv module) is the truth for what a published CSV holds. DuckDB's
reader is an order of magnitude faster but differs from it on files that are not plain: it
trims spaces around a quoted field and refuses text after a closing quote, silently drops empty
fields after the last column ('a,b,c,,' reads as three fields), skips blank lines (so record
numbers shift), refuses mixed line breaks, and has no field-size limit. A file with none of the
features behind those differences reads the same in both, its records being its lines split at
commas, so it can go to DuckDB's reader; any other file goes to the exact reader, which says
what is wrong with it or rejects the rows that are.

Plain means: UTF-8 text (a byte-order mark at the start allowed), no NUL byte, no quote
character, every line ending in a line break, all LF or all CRLF, no blank line, no line longer
than the csv module's field limit, the header equal to the declared one, and as many commas in
the file as the header has separators on every line. The last is a count over the whole file:
a line with fewer commas is an error in DuckDB's strict reader, so with that count no line can
have more (the one difference DuckDB does not report); `commas` checks each line, for a
reader that has no strict DuckDB behind it. Every check runs over the bytes with numpy and bytes
methods (C loops), never line by line in Python.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from orchestration.raw.landing.csvfile import FIELD_SIZE_LIMIT, UTF8_BOM
from orchestration.raw.landing.shape import normalise_label

_COMMA, _LF, _CR = ord(","), ord("\n"), ord("\r")


@dataclass(frozen=True)
class PlainCsv:
    """A plain file's bytes and where its lines end."""

    data: bytes
    line_ends: np.ndarray  # index of each line's '\n', header line first
    crlf: bool  # lines end '\r\n' (else '\n')
    fields: int  # per line, the header's

    @property
    def records(self) -> int:
        """Data records: the lines after the header."""
        return len(self.line_ends) - 1

    @functools.cached_property
    def commas(self) -> np.ndarray | None:
        """(lines, fields - 1): the index of each line's commas; None unless every line has
        exactly fields - 1 of them."""
        found = np.flatnonzero(np.frombuffer(self.data, np.uint8) == _COMMA)
        per_line = np.diff(np.searchsorted(found, self.line_ends), prepend=0)
        if (per_line != self.fields - 1).any():
            return None
        return found.reshape(len(self.line_ends), self.fields - 1)

    def same_values(self, first: int, last: int) -> list[str] | None:
        """Fields `first` to `last` (0-based, inclusive) as every data record holds them, when
        every line has the header's fields and all records hold the same bytes there; else
        None."""
        commas = self.commas
        if commas is None or self.records == 0:
            return None
        starts = (self._line_starts() if first == 0 else commas[:, first - 1] + 1)[1:]
        if last == self.fields - 1:
            ends = (self.line_ends - (1 if self.crlf else 0))[1:]
        else:
            ends = commas[1:, last]
        width = int(ends[0] - starts[0])
        if (ends - starts != width).any():
            return None
        view = np.frombuffer(self.data, np.uint8)
        spans = np.lib.stride_tricks.sliding_window_view(view, max(width, 1))[starts]
        if width and (spans != spans[0]).any():
            return None
        return spans[0][:width].tobytes().decode("utf-8").split(",")

    def _line_starts(self) -> np.ndarray:
        first = len(UTF8_BOM) if self.data.startswith(UTF8_BOM) else 0
        return np.concatenate(([first], self.line_ends[:-1] + 1))


def read_plain(data: bytes, headers: Sequence[str]) -> PlainCsv | None:
    """The file's layout when it is plain with exactly `headers`; None when it is not (the
    exact reader then reads it, and says what is wrong if anything is)."""
    if not data.endswith(b"\n") or b'"' in data or b"\x00" in data:
        return None
    if not data.isascii():
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return None
    view = np.frombuffer(data, np.uint8)
    line_ends = np.flatnonzero(view == _LF)
    crlf = b"\r" in data
    if crlf and not _all_crlf(view, line_ends):
        return None  # a lone carriage return, or LF and CRLF lines mixed
    lengths = np.diff(line_ends, prepend=-1) - (2 if crlf else 1)  # bytes before the break
    if (lengths <= 0).any() or lengths.max() > FIELD_SIZE_LIMIT:
        return None  # a blank line, or a line that could hold a field over the csv limit
    if not _header_is(data, int(line_ends[0]) - (1 if crlf else 0), headers):
        return None
    if np.count_nonzero(view == _COMMA) != (len(headers) - 1) * len(line_ends):
        return None
    return PlainCsv(data, line_ends, crlf, len(headers))


def _all_crlf(view: np.ndarray, line_ends: np.ndarray) -> bool:
    """Every line ends '\r\n' and no other '\r' is there (numpy: bytes.count of a two-byte
    pattern is slow on text full of line breaks)."""
    return bool(
        line_ends[0] > 0
        and np.count_nonzero(view == _CR) == len(line_ends)
        and (view[line_ends - 1] == _CR).all()
    )


def _header_is(data: bytes, end: int, headers: Sequence[str]) -> bool:
    labels = data[:end].removeprefix(UTF8_BOM).decode("utf-8").split(",")
    return [normalise_label(label) for label in labels] == [normalise_label(h) for h in headers]
