"""MHCLG Revenue Outturn Summary (RS) workbooks landed long; figures read by hand."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

from orchestration.raw.catalog import SOURCES_BY_NAME
from orchestration.raw.landing.cells import is_number
from orchestration.raw.landing.shape import ShapeError
from orchestration.raw.parsers import mhclg_revenue_outturn

from .conftest import DEFAULT_DATA_DIR

RS_DIR = DEFAULT_DATA_DIR / "local_gov" / "mhclg_revenue_outturn_rs"
# The derived long CSV in /work/shared (never a source; a second reading where present).
SECOND_READING = Path(
    "/work/shared/data/local_gov/"
    "mhclg_revenue_outturn_rs_service_net_current_expenditure_2018-19_2023-24_long.csv"
)


def _rows(file: str) -> pd.DataFrame:
    return mhclg_revenue_outturn.parse(RS_DIR / file).rows


def _cell(rows: pd.DataFrame, e_code: str, column: str) -> pd.Series:
    found = rows[(rows["e_code"] == e_code) & (rows["column"] == column)]
    assert len(found) == 1
    return found.iloc[0]


def test_source_globs_the_six_workbooks() -> None:
    source = SOURCES_BY_NAME["mhclg_revenue_outturn_rs"]
    assert [p.name for p in source.files(DEFAULT_DATA_DIR)] == [
        "rs2018_19.xls",
        "rs2019_20.xls",
        "rs2020_21.xlsx",
        "rs2021_22.xlsx",
        "rs2022_23.xlsx",
        "rs2023_24.xlsx",
    ]


def test_bolton_adult_social_care_2018_19_xls() -> None:
    parsed = mhclg_revenue_outturn.parse(RS_DIR / "rs2018_19.xls")
    assert parsed.sheet == "RS_LA_Data_2018-19"
    rows = parsed.rows
    # RS_LA_Data_2018-19 row 13: A13 'E4201', B13 'E08000001', C13 'Bolton', E13 'MD';
    # column I: I5 block 'Service Expenditure' (merged from F5), I6 line 360,
    # I7 'Adult Social Care', I13 80993.
    asc = _cell(rows, "E4201", "I")
    assert asc.to_dict() == {
        "financial_year": "2018-19",
        "e_code": "E4201",
        "ons_code": "E08000001",
        "local_authority": "Bolton",
        "notes": "",
        "class": "MD",
        "detailed_class": "",
        "certification": "",
        "column": "I",
        "block": "Service Expenditure",
        "ro_line": "360",
        "form_column": "1",
        "column_code": "",
        "variable_code": "",
        "line_name": "Adult Social Care",
        "value": "80993",
        "_row_number": 13,
    }
    # AJ6 749 'NET CURRENT EXPENDITURE', AJ13 535945
    assert _cell(rows, "E4201", "AJ")[["ro_line", "value"]].tolist() == ["749", "535945"]
    # CQ13: 'Interest payable and similar charges' (Icelandic bank block) printed '...'
    assert _cell(rows, "E4201", "CQ")["value"] == "..."
    # D10 '(e)': Bath & North East Somerset's note
    assert _cell(rows, "E0101", "F")["notes"] == "(e)"


def test_bolton_adult_social_care_2023_24_xlsx() -> None:
    rows = _rows("rs2023_24.xlsx")
    # RS_LA_Data_2023-24 row 39: A39 'E4201', C39 'Bolton', E39 'MD'; K7 'RS-asc-net-exp',
    # K8 'C1R360', K12 360, K13 'Adult Social Care', K39 113801.
    asc = _cell(rows, "E4201", "K")
    assert asc[
        ["local_authority", "class", "ro_line", "column_code", "variable_code", "value"]
    ].tolist() == ["Bolton", "MD", "360", "C1R360", "RS-asc-net-exp", "113801"]
    assert asc["_row_number"] == 39
    # AL39 652542: net current expenditure (line 749)
    assert _cell(rows, "E4201", "AL")[["column_code", "value"]].tolist() == ["C1R749", "652542"]
    # H21 '[x]': Babergh's education line, not returned
    assert _cell(rows, "E3531", "H")["value"] == "[x]"


def test_2021_22_has_no_line_row_but_column_codes() -> None:
    rows = _rows("rs2021_22.xlsx")
    # RS_LA_Data_2021-22 row 40: Bolton; J8 'C1R360', J12 'Adult Social Care', J40 90005
    asc = _cell(rows, "E4201", "J")
    assert asc[["ro_line", "column_code", "line_name", "value"]].tolist() == [
        "",
        "C1R360",
        "Adult Social Care",
        "90005",
    ]


def test_rows_stop_at_england_total_and_count_row_is_skipped() -> None:
    parsed = mhclg_revenue_outturn.parse(RS_DIR / "rs2018_19.xls")
    # 444 authority rows (8..451); row 453 is MHCLG's count of reporting authorities (CK..CN:
    # 324, 324, 324, 107, no E-code, ONS code or name), skipped as layout; row 454 ENGLAND
    assert parsed.rows["e_code"].nunique() == 444
    assert parsed.rows["_row_number"].max() == 451
    assert parsed.rejects.empty
    # 98 published columns (F..CY) per authority
    assert len(parsed.rows) == 444 * 98


@pytest.mark.skipif(not SECOND_READING.exists(), reason="derived long CSV not on this machine")
def test_service_lines_agree_with_the_derived_long_file() -> None:
    landed = pd.concat(_rows(p.name) for p in sorted(RS_DIR.glob("rs*")))
    landed["line"] = landed["ro_line"].where(
        landed["ro_line"] != "", landed["column_code"].str.replace("C1R", "", regex=False)
    )
    service = landed[(landed["block"] == "Service Expenditure") & (landed["form_column"] == "1")]
    mine = {(r.financial_year, r.e_code, r.line): r.value for r in service.itertuples()}
    with SECOND_READING.open(newline="", encoding="utf-8") as handle:
        theirs: dict[tuple[str, str, str], list[str]] = {}
        for r in csv.DictReader(handle):
            key = (r["financial_year"], r["ecode"], r["ro_line"])
            theirs.setdefault(key, []).append(r["net_current_expenditure_gbp_thousand"])
    assert len(theirs) > 30_000 and set(theirs) <= set(mine)
    # From 2021-22 the derived file also took the GLA's class-breakdown row under the ENGLAND
    # total (E5100 again, differing by 1-2 from rounding): the authority row is one of the two.
    for key, texts in theirs.items():
        assert any(
            abs(float(mine[key]) - float(text)) < 1e-6 if is_number(text) else mine[key] == text
            for text in texts
        ), key


def _workbook_2023_24(
    path: Path,
    class_heading: str = "Class",
    england: bool = True,
    cells: dict[str, object] | None = None,
) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "RS_LA_Data_2023-24"
    sheet["H11"] = "Service Expenditure"
    sheet["H12"] = 190
    headings = ["E-code", "ONS Code", "Local authority", "Notes", class_heading]
    for column, label in zip(
        "ABCDEFG", [*headings, "Detailed Class", "Certification"], strict=True
    ):
        sheet[f"{column}13"] = label
    sheet["H13"] = "Education services"
    for column, value in zip(
        "ABCEFGH", ["E4201", "E08000001", "Bolton", "MD", "MD", "Y", 1], strict=True
    ):
        sheet[f"{column}14"] = value
    if england:
        sheet["C16"] = "ENGLAND"
    for cell, value in (cells or {}).items():
        sheet[cell] = value
    book.save(path)
    return path


def test_changed_heading_names_file_sheet_row_and_column(tmp_path: Path) -> None:
    path = _workbook_2023_24(tmp_path / "rs2023_24.xlsx", class_heading="Authority class")
    with pytest.raises(ShapeError) as error:
        mhclg_revenue_outturn.parse(path)
    assert str(error.value) == (
        "rs2023_24.xlsx (sheet 'RS_LA_Data_2023-24'): row 13, column E: "
        "expected 'Class', found 'Authority class'"
    )


def test_missing_england_row_is_a_shape_error(tmp_path: Path) -> None:
    good = mhclg_revenue_outturn.parse(_workbook_2023_24(tmp_path / "rs2023_24.xlsx"))
    assert good.rows[["e_code", "line_name", "value"]].values.tolist() == [
        ["E4201", "Education services", "1"]
    ]
    path = _workbook_2023_24(tmp_path / "rs2023_24.xlsx", england=False)
    with pytest.raises(ShapeError, match="no 'ENGLAND' total row"):
        mhclg_revenue_outturn.parse(path)


@pytest.mark.parametrize(
    ("cells", "rejects"),
    [
        # the publisher's count line: figures only, no E-code, ONS code or name -> skipped
        ({"H15": 317}, []),
        # an authority named but without its E-code -> rejected with the row
        (
            {"B15": "E06000001", "C15": "Hartlepool", "H15": 5},
            [(15, "e_code", "", "not an authority E-code (E followed by 4 digits)")],
        ),
        ({"A15": "E42O1", "C15": "Bolton", "H15": 5}, [(15, "e_code", "E42O1", None)]),
    ],
)
def test_a_row_without_an_e_code_is_skipped_only_when_it_names_no_authority(
    tmp_path: Path, cells: dict[str, object], rejects: list[tuple]
) -> None:
    parsed = mhclg_revenue_outturn.parse(
        _workbook_2023_24(tmp_path / "rs2023_24.xlsx", cells=cells)
    )
    assert parsed.rows["_row_number"].unique().tolist() == [14]
    found = parsed.rejects[["row_number", "column_name", "value", "reason"]].values.tolist()
    assert [row[:3] for row in found] == [list(r[:3]) for r in rejects]
    assert all(r[3] is None or r[3] == f[3] for r, f in zip(rejects, found, strict=True))


@pytest.mark.parametrize(
    ("file", "authority_row", "summary_row", "england_row"),
    [
        ("rs2021_22.xlsx", 155, 446, 439),
        ("rs2022_23.xlsx", 347, 447, 440),
        ("rs2023_24.xlsx", 151, 432, 425),
    ],
)
def test_greater_london_authority_listed_twice_lands_once(
    file: str, authority_row: int, summary_row: int, england_row: int
) -> None:
    """From 2021-22 the sheet lists the GLA (E5100) twice: among the authorities and again in the
    class breakdown under the ENGLAND total, where it is its own class (rows read by hand). The
    repeat differs by rounding (2022-23 column L: 4326 above, 4325 below); the authority's own
    row is the one landed, once, and nothing from the class breakdown is summed."""
    workbook = CalamineWorkbook.from_path(RS_DIR / file)
    sheet = next(n for n in workbook.sheet_names if n.startswith("RS_LA_Data_"))
    cells = workbook.get_sheet_by_name(sheet).to_python()
    listed = [n for n, row in enumerate(cells, start=1) if str(row[0]).strip() == "E5100"]
    assert listed == [authority_row, summary_row]
    assert str(cells[england_row - 1][2]).strip() == "ENGLAND"

    rows = _rows(file)
    landed = rows[rows["e_code"] == "E5100"]
    assert landed["_row_number"].unique().tolist() == [authority_row]
    assert not landed.duplicated("column").any()
    assert rows["_row_number"].max() < england_row
