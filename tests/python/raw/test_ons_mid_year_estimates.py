from __future__ import annotations

import pytest

from orchestration.raw.landing.shape import ShapeError
from orchestration.raw.parsers import ons_mid_year_estimates

from .conftest import DEFAULT_DATA_DIR

WORKBOOK = DEFAULT_DATA_DIR / "geography" / "raw" / "LAD23_Mid_Year_pop_2011_to_2023.xlsx"


def test_mye4_values_read_by_hand() -> None:
    parsed = ons_mid_year_estimates.parse_mye4(WORKBOOK)
    assert parsed.sheet == "MYE4" and parsed.rejects.empty
    assert list(parsed.rows.columns) == [
        "code",
        "name",
        "geography",
        *(f"mid_{year}" for year in range(2023, 2010, -1)),
        "_row_number",
    ]
    assert len(parsed.rows) == 357  # rows 9..365
    rows = parsed.rows.set_index("_row_number")
    # A9:D9 England and Wales, Country, Mid-2023 60854727; P9 Mid-2011 56170927
    assert list(rows.loc[9, ["code", "name", "geography", "mid_2023"]]) == [
        "K04000001",
        "ENGLAND AND WALES",
        "Country",
        "60854727",
    ]
    assert rows.loc[9, "mid_2011"] == "56170927"
    # A12:D12 County Durham, Unitary Authority, 532182
    assert rows.loc[12, "name"] == "County Durham"
    assert rows.loc[12, "mid_2023"] == "532182"
    # last row, 365: Newport W06000022 163628
    assert rows.loc[365, "code"] == "W06000022"
    assert rows.loc[365, "mid_2023"] == "163628"


def test_mye2_persons_single_years_of_age_read_by_hand() -> None:
    parsed = ons_mid_year_estimates.parse_mye2_persons(WORKBOOK)
    assert parsed.sheet == "MYE2 - Persons" and parsed.rejects.empty
    columns = list(parsed.rows.columns)
    # D8 'All ages', E8 '0' .. CP8 '89', CQ8 '90+' (snake_case drops the '+')
    assert columns[:5] == ["code", "name", "geography", "all_ages", "0"]
    assert columns[-3:] == ["89", "90", "_row_number"]
    assert len(parsed.rows) == 357  # rows 9..365, as in MYE4
    rows = parsed.rows.set_index("_row_number")
    # row 9 England and Wales: D9 All ages 60854727, E9 age 0 600801, CQ9 90+ 551758
    assert list(rows.loc[9, ["code", "all_ages", "0", "90"]]) == [
        "K04000001",
        "60854727",
        "600801",
        "551758",
    ]
    # row 365 Newport W06000022: All ages 163628, age 0 1835
    assert list(rows.loc[365, ["code", "name", "all_ages", "0"]]) == [
        "W06000022",
        "Newport",
        "163628",
        "1835",
    ]
    # the ages add up to All ages (England and Wales)
    assert sum(int(rows.loc[9, str(age)]) for age in range(91)) == 60854727


def test_mye5_density_read_by_hand() -> None:
    parsed = ons_mid_year_estimates.parse_mye5(WORKBOOK)
    assert parsed.sheet == "MYE5" and parsed.rejects.empty
    columns = list(parsed.rows.columns)
    # D8 'Area (sq km)', E8 'Estimated Population mid-2023', F8 '2023 people per sq. km',
    # H8 is printed '2022 people per sq. km2'
    assert columns[3:8] == [
        "area_sq_km",
        "estimated_population_mid_2023",
        "2023_people_per_sq_km",
        "estimated_population_mid_2022",
        "2022_people_per_sq_km2",
    ]
    rows = parsed.rows.set_index("_row_number")
    # row 9 England and Wales: D9 151046.9855 sq km, E9 60854727, F9 403 per sq km
    assert list(rows.loc[9, ["area_sq_km", "estimated_population_mid_2023"]]) == [
        "151046.9855",
        "60854727",
    ]
    assert rows.loc[9, "2023_people_per_sq_km"] == "403"
    # row 365 Newport: D365 190.4312 sq km, F365 859 per sq km
    assert rows.loc[365, "area_sq_km"] == "190.4312"
    assert rows.loc[365, "2023_people_per_sq_km"] == "859"


def test_a_changed_mye_header_is_a_shape_error() -> None:
    headers = list(ons_mid_year_estimates.MYE5_HEADERS)
    headers[5] = "2023 people per sq km"  # what a tidy re-issue might print
    with pytest.raises(ShapeError, match="MYE5"):
        ons_mid_year_estimates.parse_sheet(WORKBOOK, "MYE5", headers)
