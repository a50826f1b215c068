"""Read a published CSV (or tab-separated file) exactly as shipped: every field as text, no type
guessing.

Accepted, because publishers ship them: a UTF-8 byte-order mark (removed), LF or CRLF line
endings, blank lines (callers skip them) and a last line with or without a final line break.
Everything else that stops a file being read is a one-line ShapeError naming the file and line:
an empty file, text that is not UTF-8 (latin-1, Windows-1252, UTF-16), a workbook saved under a
.csv name, a NUL byte, a field over the csv module's limit, and a file that ends mid-record
(no final line break, and the last record is short of the header's fields or inside a quote:
a truncated copy).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from orchestration.raw.landing.shape import ShapeError, shape_error

UTF8_BOM = b"\xef\xbb\xbf"
# The longest field a published CSV may hold: Python's default. The limit is process-wide, and
# frictionless raises it when imported (the release metadata imports it), so a reader sets it
# each time rather than inherit whatever an earlier import left: the same file always lands the
# same way.
FIELD_SIZE_LIMIT = 131_072
# What a file that is not text starts with, and what it then is.
_SIGNATURES = {
    b"PK\x03\x04": "a zip archive (an xlsx or ods workbook?)",
    b"\xd0\xcf\x11\xe0": "an Excel 97-2003 (xls) workbook",
    b"\xff\xfe": "UTF-16 text (byte-order mark FF FE)",
    b"\xfe\xff": "UTF-16 text (byte-order mark FE FF)",
    b"%PDF": "a PDF document",
}
_LINE_ENDINGS = (b"\n", b"\r")


class Records:
    """The records of a CSV file: iterate for (row_number, fields).

    Row numbers count records (the header, when there is one, is row 1); a quoted field that
    spans lines is one record. Decoding and csv errors are raised as one-line ShapeErrors with
    the physical line; after the last record, a file that ends mid-record raises too.
    """

    def __init__(self, path: Path, handle: BinaryIO, delimiter: str, start: int) -> None:
        self._file = path.name
        self._handle = handle
        self._start = start  # the number of the first record
        self.width: int | None = None  # fields of a complete record (the header's)
        self._quoting = delimiter != "\t"
        self.line = 0  # physical lines read so far
        self._last_line = b""
        self._record_lines: list[str] = []  # the lines the current record was read from
        csv.field_size_limit(FIELD_SIZE_LIMIT)
        if self._quoting:
            self._reader = csv.reader(self._lines(), delimiter=delimiter)
        else:
            # register TSVs do not quote: a '"' is a character of the value, never a quote
            self._reader = csv.reader(self._lines(), delimiter="\t", quoting=csv.QUOTE_NONE)

    def _lines(self) -> Iterator[str]:
        for raw in self._handle:
            self.line += 1
            if self.line == 1:
                raw = raw.removeprefix(UTF8_BOM)
            self._last_line = raw
            yield self._decode(raw)

    def _decode(self, raw: bytes) -> str:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            byte = raw[error.start]
            raise shape_error(
                self._file,
                None,
                f"line {self.line}, byte {error.start + 1}: 0x{byte:02X} is not UTF-8; expected "
                "UTF-8 text, found another encoding (latin-1 or Windows-1252?): save the file "
                "as UTF-8",
            ) from None
        if "\x00" in text:
            raise shape_error(
                self._file,
                None,
                f"line {self.line}: a NUL byte; expected UTF-8 text, found UTF-16 or binary data",
            )
        self._record_lines.append(text)
        return text

    def read_one(self) -> list[str] | None:
        """The next record's fields, or None at the end of the file."""
        self._record_lines = []
        try:
            return next(self._reader)
        except StopIteration:
            return None
        except csv.Error as error:
            raise shape_error(self._file, None, _csv_problem(error, self.line)) from None

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        with self._handle:
            number = self._start
            last: tuple[int, list[str]] | None = None
            last_text = ""
            while (fields := self.read_one()) is not None:
                if fields:
                    last, last_text = (number, fields), "".join(self._record_lines)
                yield number, fields
                number += 1
            if last is not None:
                self._check_complete(*last, last_text)

    def _check_complete(self, number: int, fields: list[str], text: str) -> None:
        """A last record without a final line break must be whole: a truncated copy is not."""
        if self._last_line.endswith(_LINE_ENDINGS):
            return
        if self._quoting and text.count('"') % 2 == 1:
            found = "ends inside a quoted field"
        elif self.width is not None and len(fields) < self.width:
            found = f"row {number} has {len(fields)} of {self.width} fields"
        else:
            return
        raise shape_error(
            self._file,
            None,
            f"file ends mid-record (truncated?): line {self.line}, no line break at the end and "
            f"{found}; expected complete records",
        )


def _csv_problem(error: csv.Error, line: int) -> str:
    text = str(error)
    if "field larger than field limit" in text:
        return (
            f"line {line}: a field longer than {FIELD_SIZE_LIMIT:,} characters; expected "
            "published values, found an unclosed quote or a damaged file"
        )
    return f"line {line}: not readable as CSV ({text})"


def _open(path: Path) -> BinaryIO:
    handle = path.open("rb")
    start = handle.read(4)
    handle.seek(0)
    if not start:
        handle.close()
        raise shape_error(path.name, None, "the file is empty (0 bytes); expected a published CSV")
    for signature, kind in _SIGNATURES.items():
        if start.startswith(signature):
            handle.close()
            raise shape_error(
                path.name, None, f"expected UTF-8 CSV text, found {kind} at the start of the file"
            )
    return handle


def read_records(path: Path, delimiter: str = ",") -> tuple[list[str], Records]:
    """The header fields and the records after it as (row_number, fields), header being row 1.

    The csv module (not pandas) so that a record with the wrong number of fields reaches the
    caller, who sends it to rejects instead of pandas dropping or padding it. `delimiter` is
    "\t" for tab-separated files (the GOV.UK register TSVs), which have no quoting.
    """
    handle = _open(path)
    records = Records(path, handle, delimiter, start=2)
    try:
        header = records.read_one()
    except ShapeError:
        handle.close()
        raise
    if header is None:
        handle.close()
        raise shape_error(path.name, None, "no header line; expected a published CSV")
    records.width = len(header)
    return header, records


def read_headerless(path: Path, width: int, delimiter: str = ",") -> Records:
    """The records of a file without a header line, numbered from 1; `width` is the number of
    fields a complete record has (for the truncation check)."""
    records = Records(path, _open(path), delimiter, start=1)
    records.width = width
    return records


def read_text(path: Path) -> str:
    """A whole UTF-8 text file (BOM removed), or a one-line ShapeError naming the line."""
    raw = path.read_bytes()
    if not raw:
        raise shape_error(path.name, None, "the file is empty (0 bytes)")
    raw = raw.removeprefix(UTF8_BOM)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise shape_error(
            path.name,
            None,
            f"line {line}: byte 0x{raw[error.start]:02X} is not UTF-8; expected UTF-8 text, "
            "found another encoding (latin-1 or Windows-1252?): save the file as UTF-8",
        ) from None
