from __future__ import annotations

import pytest

from orchestration.raw.catalog import SOURCES_BY_NAME
from orchestration.raw.parsers import mhclg_iod2019

from .conftest import DEFAULT_DATA_DIR

FILE_10 = (
    DEFAULT_DATA_DIR
    / "geography"
    / "imd2019"
    / "raw"
    / "File_10_IoD2019_LAD_Summaries_LowerTier.xlsx"
)


@pytest.mark.parametrize("sheet", list(mhclg_iod2019.SHEETS))
def test_every_sheet_lands_317_districts_without_rejects(sheet: str) -> None:
    suffix = mhclg_iod2019.SHEETS[sheet][0]
    parsed = SOURCES_BY_NAME[f"mhclg_iod2019_lad_summaries_{suffix}"].parser(FILE_10)
    assert parsed.sheet == sheet and parsed.rejects.empty
    assert len(parsed.rows) == 317  # rows 2..318, one per 2019 district
    assert parsed.rows["_row_number"].tolist() == list(range(2, 319))


def test_imd_sheet_read_by_hand() -> None:
    parsed = mhclg_iod2019.sheet_parser("IMD")(FILE_10)
    columns = list(parsed.rows.columns)
    # A1 'Local Authority District code (2019)', E1 'IMD - Average score ' (trailing space)
    assert columns[:5] == [
        "local_authority_district_code_2019",
        "local_authority_district_name_2019",
        "imd_average_rank",
        "imd_rank_of_average_rank",
        "imd_average_score",
    ]
    assert columns[-3:-1] == [
        "imd_2019_local_concentration",
        "imd_2019_rank_of_local_concentration",
    ]
    rows = parsed.rows.set_index("_row_number")
    # row 2: E06000001 Hartlepool, C2 22581.98, E2 35.037, F2 10
    assert list(rows.loc[2, columns[:6]]) == [
        "E06000001",
        "Hartlepool",
        "22581.98",
        "25",
        "35.037",
        "10",
    ]
    # row 10: Blackpool, the most deprived district (E10 45.039, F10 rank 1)
    assert list(rows.loc[10, ["local_authority_district_name_2019", "imd_average_score"]]) == [
        "Blackpool",
        "45.039",
    ]
    assert rows.loc[10, "imd_rank_of_average_score"] == "1"
    # row 318, the last: E09000033 Westminster, E318 20.339
    assert rows.loc[318, "local_authority_district_code_2019"] == "E09000033"
    assert rows.loc[318, "imd_average_score"] == "20.339"


def test_income_and_employment_scales_read_by_hand() -> None:
    income = mhclg_iod2019.sheet_parser("Income")(FILE_10).rows.set_index("_row_number")
    # Income row 3: Middlesbrough, E3 average score 0.251 (rank 1), I3 Income scale 34959
    assert list(income.loc[3, ["income_average_score", "income_scale"]]) == ["0.251", "34959"]
    employment = mhclg_iod2019.sheet_parser("Employment")(FILE_10).rows.set_index("_row_number")
    # Employment row 2: Hartlepool, I2 'Employment scale ' 9715.25 (published with a fraction)
    assert employment.loc[2, "employment_scale"] == "9715.25"


def test_the_education_header_has_no_trailing_space_but_still_matches() -> None:
    # G1 'Education, Skills and Training - Proportion of LSOAs in most deprived 10% nationally'
    headers = mhclg_iod2019.SHEETS["Education"][1]
    assert headers[6].endswith("nationally")
    assert mhclg_iod2019.SHEETS["Crime"][1][6].endswith("nationally ")
