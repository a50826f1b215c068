"""The ONS police force area long series (rec-crime-pfa.csv), read as published."""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestration.paths import DEFAULT_DATA_DIR
from orchestration.raw.landing.shape import ShapeError
from orchestration.raw.parsers import ons_recorded_crime_long_series as long_series

LONG_SERIES = DEFAULT_DATA_DIR / "police" / "ons_recorded_crime_long_series" / "rec-crime-pfa.csv"


@pytest.fixture(scope="module")
def parsed():
    return long_series.parse(LONG_SERIES)


def test_every_row_lands_as_published(parsed) -> None:
    # 46,469 data rows under the header; negative net counts are published values, not rejects
    assert parsed.rejects.empty
    assert len(parsed.rows) == 46469
    first = parsed.rows.iloc[0]  # line 2 of the file
    assert first["_row_number"] == 2
    assert (first["12_months_ending"], first["pfa"], first["region"]) == (
        "31-03-2003",
        "Avon and Somerset",
        "South West",
    )
    assert (first["offence"], first["rolling_year_total_number_of_offences"]) == (
        "All other theft offences",
        "25959",
    )


def test_the_quirks_stay_as_printed(parsed) -> None:
    rows = parsed.rows
    # the year ending December 2017 is printed 30-12-2017; staging reads it by its month
    assert set(rows.loc[rows["12_months_ending"].str.endswith("-12-2017"), "12_months_ending"]) == {
        "30-12-2017"
    }
    # line 4485: Cheshire, year ending June 2007, death or serious injury by illegal driving, -1
    cheshire = rows.loc[rows["_row_number"] == 4485].iloc[0]
    assert cheshire["pfa"] == "Cheshire"
    assert cheshire["rolling_year_total_number_of_offences"] == "-1"
    negative = rows["rolling_year_total_number_of_offences"].str.startswith("-")
    assert negative.sum() == 25
    assert set(rows.loc[rows["region"].str.startswith("Fraud:"), "pfa"]) == {
        "Action Fraud",
        "CIFAS",
        "UK Finance",
    }


def test_unreadable_period_and_count_are_rejects(tmp_path: Path) -> None:
    lines = LONG_SERIES.read_text().splitlines()
    lines[1] = lines[1].replace("31-03-2003", "31-02-2003", 1)  # no 31 February
    lines[2] = lines[2].replace("31-03-2003", "2003-03-31", 1)  # ISO, not DD-MM-YYYY
    lines[3] = lines[3].rsplit(",", 1)[0] + ",1,234"  # a thousands separator: a fifth comma
    lines[4] = lines[4].rsplit(",", 1)[0] + ",12.5"
    lines[5] = lines[5].replace("Avon and Somerset", "", 1)
    edited = tmp_path / "rec-crime-pfa.csv"
    edited.write_text("\n".join(lines[:8]) + "\n")
    parsed = long_series.parse(edited)
    rejects = parsed.rejects.set_index("row_number")
    assert rejects.loc[2, "reason"] == "not a calendar date (DD-MM-YYYY)"
    assert rejects.loc[3, "reason"] == "expected a date written DD-MM-YYYY"
    assert "6 fields where the header has 5" in rejects.loc[4, "reason"]
    assert (rejects.loc[5, "column_name"], rejects.loc[5, "value"]) == (
        "rolling_year_total_number_of_offences",
        "12.5",
    )
    assert rejects.loc[6, "reason"] == "pfa is empty"
    assert list(parsed.rows["_row_number"]) == [7, 8]


def test_renamed_header_is_a_shape_error(tmp_path: Path) -> None:
    lines = LONG_SERIES.read_text().splitlines()[:5]
    lines[0] = lines[0].replace("PFA,", "Force,", 1)
    edited = tmp_path / "rec-crime-pfa.csv"
    edited.write_text("\n".join(lines) + "\n")
    with pytest.raises(ShapeError) as raised:
        long_series.parse(edited)
    assert "missing ['PFA']" in str(raised.value) and "unexpected ['Force']" in str(raised.value)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("30-12-2017", None),
        ("31-12-2018", None),
        ("31/12/2018", "expected a date written DD-MM-YYYY"),
        ("1-12-2018", "expected a date written DD-MM-YYYY"),
        ("30-02-2018", "not a calendar date (DD-MM-YYYY)"),
    ],
)
def test_period_problem(text: str, problem: str | None) -> None:
    assert long_series.period_problem(text) == problem
