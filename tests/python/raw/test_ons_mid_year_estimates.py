from __future__ import annotations

from orchestration.raw import ons_mye4

from .conftest import DEFAULT_DATA_DIR

WORKBOOK = DEFAULT_DATA_DIR / "geography" / "raw" / "LAD23_Mid_Year_pop_2011_to_2023.xlsx"


def test_mye4_values_read_by_hand() -> None:
    parsed = ons_mye4.parse(WORKBOOK)
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
