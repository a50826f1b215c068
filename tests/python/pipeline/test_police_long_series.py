"""Police recorded crime over the long series, checked on the session's release against a second
reading of the files (long_series_reading.py): every force and quarter the long series gives is
in rpt_police_recorded_crime at its latest vintage, the change on a year earlier is the one the
needed publication gives, to 0.01 percentage points, and every other row names its basis."""

from __future__ import annotations

import pytest

from .long_series_reading import force_codes, total_recorded_crime

TOTAL = "total_recorded_crime_excluding_fraud"
LONG_SERIES_RELEASE = "cew_ye2018_12"  # Crime in England and Wales, year ending December 2018


def year_earlier(period: str) -> str:
    year, month = period.split("-")
    return f"{int(year) - 1}-{month}"


@pytest.fixture(scope="module")
def totals() -> dict[tuple[str, str], int]:
    return total_recorded_crime()


@pytest.fixture(scope="module")
def published_totals(published_db) -> dict[tuple[str, str], tuple]:
    rows = published_db.execute(
        "select area_code, substr(period_key, 3), recorded_crimes, vintage_code, "
        "percent_change_on_previous_year, previous_year_basis, previous_year_vintage_code "
        "from marts.rpt_police_recorded_crime "
        "where offence_group_code = ? and area_level in ('police_force_area', 'national_force')",
        [TOTAL],
    ).fetchall()
    return {(code, period): rest for code, period, *rest in rows}


def test_every_force_name_maps_and_every_quarter_is_published(totals, published_totals):
    # 43 forces and BTP, 52 periods (years ending March 2003 to March 2007, then every quarter
    # to December 2018): each in the report table with the long series' count where the long
    # series is the latest publication (every quarter to December 2018)
    assert len(totals) == 44 * 52
    england_and_wales = {
        code for code in force_codes().values() if code.startswith(("E23", "W15")) or code == "BTP"
    }
    assert {code for code, _ in totals} == england_and_wales
    for key, count in totals.items():
        published_count, vintage, *_ = published_totals[key]
        assert (published_count, vintage) == (count, LONG_SERIES_RELEASE), key


def test_change_on_the_official_basis_is_the_long_series_own(totals, published_totals):
    # every force and quarter whose year earlier the long series also holds: the change is the
    # long series' own (both years as revised at one release), to 0.01 percentage points
    official = [key for key in totals if (key[0], year_earlier(key[1])) in totals]
    assert len(official) == 44 * 48  # all but March 2003 and June to December 2007
    for code, period in official:
        now, before = totals[(code, period)], totals[(code, year_earlier(period))]
        _, _, change, basis, previous_vintage = published_totals[(code, period)]
        assert (basis, previous_vintage) == ("same_publication", LONG_SERIES_RELEASE)
        assert change == pytest.approx(100 * (now - before) / before, abs=0.01), (code, period)


def test_every_other_row_names_its_basis(totals, published_totals):
    for (code, period), (
        count,
        vintage,
        change,
        basis,
        previous_vintage,
    ) in published_totals.items():
        if (code, period) in totals and (code, year_earlier(period)) in totals:
            continue  # on the official basis, above
        if (code, year_earlier(period)) in totals:
            # a workbook quarter of 2019: the workbook prints one year, so the year earlier is the
            # long series' (the latest release before it), named
            assert vintage != LONG_SERIES_RELEASE and period >= "2019-03"
            assert (basis, previous_vintage) == ("earlier_publication", LONG_SERIES_RELEASE)
            before = totals[(code, year_earlier(period))]
            if count is None:  # Greater Manchester, July to December 2019: '..'
                assert code == "E23000005" and change is None
            else:
                assert change == pytest.approx(100 * (count - before) / before, abs=0.01)
        else:
            # no count a year earlier in any shipped publication
            assert (basis, previous_vintage, change) == ("none", None, None), (code, period)


def test_revisions_mart_shows_first_published_and_revised(published_db, totals):
    # Avon and Somerset, year ending March 2018: Table P1 of the March 2018 workbook printed
    # 137,455; the long series (December 2018 release) revised it to its own total
    rows = published_db.execute(
        "select vintage_code, vintage_number, recorded_crimes, first_published_crimes, "
        "revision_since_first_published from marts.rpt_police_recorded_crime_revisions "
        "where area_code = 'E23000036' and period_key = 'YE2018-03' and offence_group_code = ? "
        "order by vintage_number",
        [TOTAL],
    ).fetchall()
    revised = totals[("E23000036", "2018-03")]
    assert rows == [
        ("cew_ye2018_03", 1, 137455, 137455, 0),
        (LONG_SERIES_RELEASE, 2, revised, 137455, revised - 137455),
    ]
    periods = published_db.execute(
        "select period_key, count(distinct area_code), count(distinct offence_group_code), "
        "count(*) from marts.rpt_police_recorded_crime_revisions group by 1 order by 1"
    ).fetchall()
    # every force, region, country and England and Wales, every Table P1 group; one vintage for
    # December 2018 (the long series came with that release), two for the quarters before
    assert periods == [
        ("YE2018-03", 56, 23, 56 * 23 * 2),
        ("YE2018-06", 56, 23, 56 * 23 * 2),
        ("YE2018-09", 56, 23, 56 * 23 * 2),
        ("YE2018-12", 56, 23, 56 * 23),
    ]
