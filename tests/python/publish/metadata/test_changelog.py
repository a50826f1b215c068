"""The change log of a release against the previous one: rows added, removed and changed by
primary key, the values that moved most, and tables left unread when their file is unchanged."""

from __future__ import annotations

import json

import duckdb
import pytest

from orchestration.paths import FrontlinePaths
from orchestration.publish.metadata import changelog as changelog_module
from orchestration.publish.model import Release

from .conftest import FORCE_ROWS, publish

KEY = ["force_code", "period_key", "indicator_code"]


def read(release: Release) -> dict:
    return json.loads((release.folder / "changelog.json").read_text())


def tables(log: dict) -> dict[str, dict]:
    return {t["table"]: t for t in log["tables"]}


def test_the_first_release_adds_every_table(home: FrontlinePaths):
    log = read(publish(home))
    assert log["previous_release_id"] is None
    assert log["summary"] == {"tables": 2, "added": 2, "removed": 0, "changed": 0, "unchanged": 0}
    force = tables(log)["marts.fct_force_value"]
    assert (force["status"], force["rows_added"], force["rows_after"]) == ("added", 4, 4)


def test_one_changed_input_row_is_named_exactly(home: FrontlinePaths):
    first = publish(home)
    con = duckdb.connect(str(home.working_db))
    con.execute(
        "update marts.fct_force_value set value = 80.0, numerator = 23600 "
        "where force_code = 'E23000005' and period_key = 'YE2019-03'"
    )
    con.close()
    log = read(publish(home))
    assert log["previous_release_id"] == first.release_id
    assert log["summary"] == {"tables": 2, "added": 0, "removed": 0, "changed": 1, "unchanged": 1}
    force, area = tables(log)["marts.fct_force_value"], tables(log)["marts.dim_area"]
    assert (area["status"], area["compared"]) == ("unchanged", "file hash")
    key = {"force_code": "E23000005", "period_key": "YE2019-03", "indicator_code": "crime_rate"}
    assert force["status"] == "changed" and force["compared"] == "rows"
    assert force["primary_key"] == KEY
    assert (force["rows_added"], force["rows_removed"], force["rows_changed"]) == (0, 0, 1)
    assert force["changed"] == [{"key": key, "columns": ["value", "numerator"]}]
    old_value, old_numerator = 71.25, 21000
    assert force["largest_changes"] == [
        {"key": key, "column": "numerator", "before": old_numerator, "after": 23600.0,
         "change": 23600.0 - old_numerator},
        {"key": key, "column": "value", "before": old_value, "after": 80.0,
         "change": 80.0 - old_value},
    ]  # fmt: skip


def test_added_and_removed_rows_and_a_null_that_became_a_value(home: FrontlinePaths):
    publish(home)
    con = duckdb.connect(str(home.working_db))
    con.execute("delete from marts.fct_force_value where period_key = 'YE2019-12'")
    con.execute(
        "insert into marts.fct_force_value values ('E23000007', 'YE2019-03', 'crime_rate', "
        "55.0, 5, 100, null, false, date '2019-03-31', timestamptz '2024-01-31 09:30:00+00', 1)"
    )
    # the suppressed value is published: a change, though no number moved from one to another
    con.execute("update marts.fct_force_value set value = 60, status = null where status = 'c'")
    con.close()
    force = tables(read(publish(home)))["marts.fct_force_value"]
    assert (force["rows_before"], force["rows_after"]) == (len(FORCE_ROWS), len(FORCE_ROWS))
    assert force["added"] == [
        {"force_code": "E23000007", "period_key": "YE2019-03", "indicator_code": "crime_rate"}
    ]
    assert force["removed"] == [
        {"force_code": "E23000001", "period_key": "YE2019-12", "indicator_code": "crime_rate"}
    ]
    assert force["changed"] == [
        {
            "key": {"force_code": "W15000001", "period_key": "YE2019-03",
                    "indicator_code": "crime_rate"},
            "columns": ["value", "status"],
        }
    ]  # fmt: skip
    assert force["largest_changes"] == []


def test_an_unchanged_table_is_not_read(home: FrontlinePaths, monkeypatch: pytest.MonkeyPatch):
    publish(home)
    compared = []
    real = changelog_module._compare_by_key
    monkeypatch.setattr(
        changelog_module,
        "_compare_by_key",
        lambda con, entry, *args: compared.append(entry["table"]) or real(con, entry, *args),
    )
    log = read(publish(home))
    assert compared == []
    assert [t["compared"] for t in log["tables"]] == ["file hash", "file hash"]
    assert log["summary"]["unchanged"] == 2
