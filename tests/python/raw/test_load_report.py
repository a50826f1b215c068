"""The load report: per source, files and rows landed, rows rejected against the threshold, the
commonest reasons and the quarantined files, read from the raw log tables."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import duckdb

from orchestration.raw.catalog import SOURCES_BY_NAME
from orchestration.raw.landing.land import land_file
from orchestration.raw.landing.load_report import load_report

from .conftest import DEC_2019

P1 = SOURCES_BY_NAME["ons_pfa_p1_recorded_crime"]


def test_a_database_nothing_was_loaded_into_reports_zeros_read_only(tmp_path: Path) -> None:
    database = tmp_path / "warehouse.duckdb"
    duckdb.connect(str(database)).close()
    with duckdb.connect(str(database), read_only=True) as con:
        [report] = load_report(con, [P1])
    assert (report.files_landed, report.rows_landed, report.rows_rejected) == (0, 0, 0)
    assert not report.over_threshold


def test_rejects_and_quarantine_are_counted_per_source(tmp_path: Path) -> None:
    con = duckdb.connect()
    land_file(con, P1, DEC_2019, DEC_2019.parents[2])
    con.execute(
        "insert into raw._rejects values ('ons_pfa_p1_recorded_crime', 'f.xlsx', 'Table P1', 10,"
        " 'c', '1,234', 'not a count', 'x', now()), ('ons_pfa_p1_recorded_crime', 'f.xlsx',"
        " 'Table P1', 11, 'c', 'abc', 'not a count', 'x', now())"
    )
    con.execute("update raw._load_log set rows_rejected = 2")
    con.execute(
        "insert into raw._quarantine values ('ons_pfa_p1_recorded_crime', 'copy.xlsx',"
        " 'a second edition', null, now())"
    )
    allowing_one = dataclasses.replace(P1, max_rejected_rows=1)

    [report] = load_report(con, [allowing_one])

    # Table P1 of December 2019 has 56 data rows (as test_landing asserts)
    assert (report.files_landed, report.rows_landed, report.rows_rejected) == (1, 56, 2)
    assert report.reject_reasons == [{"reason": "not a count", "rows": 2}]
    assert report.quarantined == [{"file": "copy.xlsx", "reason": "a second edition"}]
    assert report.over_threshold  # 2 rows rejected where 1 is allowed
    assert report.line() == (
        "ons_pfa_p1_recorded_crime: 1 file(s), 56 rows, 2 rejected (allowed 1), "
        "1 file(s) quarantined"
    )
