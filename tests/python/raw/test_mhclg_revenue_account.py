"""MHCLG Revenue Account (RA) budget workbooks: values read by hand from the shipped files."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from orchestration.raw.landing.shape import ShapeError
from orchestration.raw.parsers import mhclg_revenue_account

from .conftest import DEFAULT_DATA_DIR, FIXTURES

RA_DIR = DEFAULT_DATA_DIR / "local_gov" / "mhclg_revenue_account_budget_ra"
# Lines 601, 956 and 990 of the long CSV derived from the same six workbooks by another party
# (hkim28720-design/paper2_fb_aust, see data/PROVENANCE.md): an independent reading.
SECOND_READING = FIXTURES / "mhclg_ra_budget_lines_601_956_990_long.csv"
YEARS = ["2016_17", "2017_18", "2018_19", "2019_20", "2020_21", "2021_22"]


@pytest.fixture(scope="module")
def parsed() -> dict[str, mhclg_revenue_account.ParsedFile]:
    return {year: mhclg_revenue_account.parse(RA_DIR / f"ra{year}.xlsx") for year in YEARS}


def _cell(parsed_file, ecode: str, line: str) -> dict:
    rows = parsed_file.rows
    match = rows[(rows["ecode"] == ecode) & (rows["line_code"] == line)]
    assert len(match) == 1
    return match.iloc[0].to_dict()


def test_surrey_pcc_2021_22_read_by_hand(parsed) -> None:
    ra = parsed["2021_22"]
    assert ra.sheet == "RA_LA_Data_2021-22" and ra.rejects.empty
    # Row 419: E7036 E23000031 Surrey Police and Crime Commissioner and Chief Constable, class O.
    # EI419 (line 601 TOTAL POLICE SERVICES) 259572; GR419 (956 Police grant) -114335;
    # GV419 (990 COUNCIL TAX REQUIREMENT) 143341.
    police = _cell(ra, "E7036", "601")
    assert police == {
        "financial_year": "2021-22",
        "ecode": "E7036",
        "ons_code": "E23000031",
        "authority_name": "Surrey Police and Crime Commissioner and Chief Constable",
        "authority_flag": "",
        "authority_class": "O",
        "column_number": 139,
        "block": "Police",
        "line_code": "601",
        "column_label": "TOTAL POLICE SERVICES",
        "value": "259572",
        "_row_number": 419,
    }
    grant = _cell(ra, "E7036", "956")
    assert (grant["column_number"], grant["column_label"], grant["value"]) == (
        200,
        "Police grant",
        "-114335",
    )
    # The block name is published once, over the first line of the merged block.
    assert grant["block"] == "Revenue Expenditure Financing"
    council_tax = _cell(ra, "E7036", "990")
    assert (council_tax["column_number"], council_tax["value"]) == (204, "143341")
    assert council_tax["column_label"].startswith("COUNCIL TAX REQUIREMENT")


def test_2016_17_has_no_ons_code(parsed) -> None:
    ra = parsed["2016_17"]
    # Row 436: E7036 Surrey PCC; ED436 (601) 211148, no ONS Code column in this edition.
    police = _cell(ra, "E7036", "601")
    assert (police["ons_code"], police["value"], police["_row_number"]) == ("", "211148", 436)
    assert police["column_number"] == 134
    # Row 8: E0101 Bath & North East Somerset UA, E8 (110 Early years) 8690.
    early = _cell(ra, "E0101", "110")
    assert (early["authority_name"], early["authority_class"], early["value"]) == (
        "Bath & North East Somerset UA",
        "UA",
        "8690",
    )


def test_2020_21_not_returned_and_budget_basis(parsed) -> None:
    rows = parsed["2020_21"].rows
    # Row 28: E0536 South Cambridgeshire (flag 'S'), K28 (110 Early years) '…' not returned.
    cell = _cell(parsed["2020_21"], "E0536", "110")
    assert (cell["value"], cell["authority_flag"], cell["_row_number"]) == ("…", "S", 28)
    # F8: 'Budget Basis (more detail in following 4 columns)' has no line number; Bath's is
    # 'No Covid adjustment'.
    basis = rows[(rows["ecode"] == "E0101") & (rows["column_number"] == 6)].iloc[0]
    assert (basis["line_code"], basis["value"]) == ("", "No Covid adjustment")
    # Row 347: E5100 Greater London Authority, EJ347 (601) 3459145; listed once.
    assert _cell(parsed["2020_21"], "E5100", "601")["value"] == "3459145"


def test_one_row_per_authority_and_column(parsed) -> None:
    for ra in parsed.values():
        rows = ra.rows
        assert not rows.duplicated(["ecode", "column_number"]).any()
        assert rows["ecode"].str.fullmatch(r"E\d{4}").all()


def test_police_lines_match_second_reading(parsed) -> None:
    with SECOND_READING.open(newline="", encoding="utf-8") as handle:
        expected = {
            (r["financial_year"], r["ecode"], r["ra_line"]): r["value_gbp_thousand"]
            for r in csv.DictReader(handle)
        }
    found = {}
    for ra in parsed.values():
        rows = ra.rows[ra.rows["line_code"].isin(["601", "956", "990"])]
        for r in rows.itertuples():
            # The second reading dropped zero and blank cells.
            if r.value not in ("", "0"):
                found[(r.financial_year, r.ecode, r.line_code)] = r.value
    assert len(expected) > 2900
    assert found == expected


def test_bad_e_code_is_one_line_error(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "RA LA Data 2021-22"
    sheet["A1"] = "Revenue Account Budget (RA) 2021-22: Revenue Account data"
    sheet["F5"], sheet["F6"] = "Police", 601
    for column, label in zip(
        "ABCEF",
        ["E-code", "ONS Code", "Local authority", "Class", "TOTAL POLICE SERVICES"],
        strict=True,
    ):
        sheet[f"{column}7"] = label
    sheet.append(["E7036", "E23000031", "Surrey PCC", "", "O", 259572])
    sheet.append(["Surrey", "E23000031", "Surrey PCC", "", "O", 1])
    path = tmp_path / "ra2021_22.xlsx"
    workbook.save(path)
    with pytest.raises(ShapeError) as error:
        mhclg_revenue_account.parse(path)
    message = str(error.value)
    assert "\n" not in message
    assert message == (
        "ra2021_22.xlsx (sheet 'RA LA Data 2021-22'): row 9 column A: 'Surrey' is not an "
        "E-code (E9999)"
    )


def test_changed_identity_header_names_file_sheet_row(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "ra2019_20.xlsx"
    shutil.copy(RA_DIR / "ra2019_20.xlsx", path)
    workbook = load_workbook(path)
    workbook["RA LA Data 2019-20"]["C7"] = "Authority"
    workbook.save(path)
    with pytest.raises(ShapeError, match=r"ra2019_20.xlsx \(sheet 'RA LA Data 2019-20, row 7'\)"):
        mhclg_revenue_account.parse(path)
