"""Which CSV bytes are plain (read alike by DuckDB's reader and the csv module), and what a plain
file's records hold, checked against the csv module on shipped street files."""

from __future__ import annotations

import csv
import io

import pytest

from orchestration.raw.landing.plain_csv import read_plain
from orchestration.raw.parsers.police_uk_street import HEADERS

from .conftest import STREET_DIR

HEADER = b",".join(h.encode() for h in HEADERS)
ROW = (
    b"abc,2017-01,City of London Police,City of London Police,-0.1,51.5,On or near X,E01,Y,"
    b"Burglary,,"
)


def csv_records(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("name", ["2017-01-city-of-london-street.csv", "2022-10-gwent-street.csv"])
def test_shipped_files_are_plain_and_read_as_the_csv_module_reads_them(name: str) -> None:
    data = (STREET_DIR / name).read_bytes()
    plain = read_plain(data, HEADERS)
    assert plain is not None and plain.crlf == name.startswith("2022")
    records = csv_records(data)
    assert plain.records == len(records) - 1
    assert plain.commas is not None and plain.commas.shape == (len(records), len(HEADERS) - 1)
    forces = {(row[2], row[3]) for row in records[1:]}
    assert len(forces) == 1
    assert plain.same_values(2, 3) == list(forces.pop())
    assert plain.same_values(0, 0) is None  # crime ids differ from row to row


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (HEADER + b"\n" + ROW, "no final line break"),
        (HEADER + b"\n" + ROW.replace(b"On or near X", b'"On or near, X"') + b"\n", "a quote"),
        (HEADER + b"\n" + ROW + b"\n\n" + ROW + b"\n", "a blank line"),
        (HEADER + b"\r\n" + ROW + b"\n", "LF and CRLF mixed"),
        (HEADER + b"\r\n" + ROW.replace(b"X", b"X\rY") + b"\r\n", "a lone carriage return"),
        (HEADER + b"\n" + ROW + b",\n", "a trailing empty field"),
        (HEADER + b"\n" + ROW.replace(b"X", b"\xe9") + b"\n", "not UTF-8"),
        (HEADER + b"\n" + ROW.replace(b"X", b"\x00") + b"\n", "a NUL byte"),
        (HEADER + b"\n" + ROW.replace(b"X", b"x" * 131_073) + b"\n", "a line over the limit"),
        (HEADER.replace(b"Crime type", b"Offence type") + b"\n" + ROW + b"\n", "another header"),
        (HEADER + b",\n" + ROW + b",\n", "a header with a stray comma"),
    ],
)
def test_what_is_not_plain(content: bytes, why: str) -> None:
    assert read_plain(content, HEADERS) is None, why


def test_a_short_row_and_a_long_one_pass_the_count_but_not_the_line_check() -> None:
    """The file's comma count cannot see two rows that cancel out; DuckDB's strict reader
    refuses the short one, and `commas` (for readers without it) sees both."""
    short, long_ = ROW.rsplit(b",", 1)[0], ROW + b",x"
    plain = read_plain(HEADER + b"\n" + short + b"\n" + long_ + b"\n", HEADERS)
    assert plain is not None and plain.records == 2
    assert plain.commas is None and plain.same_values(2, 3) is None


def test_a_byte_order_mark_and_utf8_text_are_plain() -> None:
    row = ROW.replace(b"X", "Heol y Fr\u00e2n".encode())
    plain = read_plain(b"\xef\xbb\xbf" + HEADER + b"\n" + row + b"\n" + row + b"\n", HEADERS)
    assert plain is not None and plain.records == 2
    assert plain.same_values(6, 6) == ["On or near Heol y Fr\u00e2n"]
    assert plain.same_values(0, 1) == ["abc", "2017-01"]
    assert plain.same_values(11, 11) == [""]
