"""Row numbers for RFC 7111 links are counted over the CSV's records as written: the header is
row 1, a quoted line break does not start a row, a byte-order mark is not part of the header, and
a cell made inert against spreadsheet formulas matches its true value."""

from __future__ import annotations

from orchestration.publish.site.csv_rows import csv_key, mart_csv_path, row_numbers

CSV = (
    "\ufeffcode,period,note\r\n"
    "A,2019,plain\r\n"
    'B,2019,"two\r\nlines"\r\n'
    "'-C,2019,formula made inert\r\n"
    "D,,empty period\r\n"
)


def test_rows_count_records_from_the_header(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(CSV.encode("utf-8"))
    assert row_numbers(path, ["code", "period"]) == {
        ("A", "2019"): 2,
        ("B", "2019"): 3,
        ("-C", "2019"): 4,
        ("D", ""): 5,
    }


def test_only_the_wanted_keys(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(CSV.encode("utf-8"))
    assert row_numbers(path, ["code"], {("D",), ("Z",)}) == {("D",): 5}


def test_keys_as_the_csv_writes_them():
    import datetime as dt

    assert csv_key(["E1", None, 3, dt.date(2019, 3, 31)]) == ("E1", "", "3", "2019-03-31")


def test_the_csv_of_a_mart_from_the_manifest():
    marts = [
        {"table": "marts.a", "files": [{"path": "parquet/a.parquet", "format": "parquet"}]},
        {"table": "marts.a", "files": [{"path": "csv/a.csv", "format": "csv"}]},
    ]
    assert mart_csv_path(marts, "marts.a") == "csv/a.csv"
    assert mart_csv_path(marts, "marts.b") is None
