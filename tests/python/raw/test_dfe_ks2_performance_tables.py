"""KS2 performance tables and the GIAS extract: values read by hand from the shipped files."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from orchestration.raw.catalog import SOURCES_BY_NAME
from orchestration.raw.landing.shape import ShapeError
from orchestration.raw.parsers.dfe_ks2_performance_tables import parse

from .conftest import DEFAULT_DATA_DIR

KS2 = DEFAULT_DATA_DIR / "education" / "dfe_ks2_performance_tables"
HAMPSHIRE_2019 = KS2 / "2018-2019_850_ks2final.csv"
GIAS = DEFAULT_DATA_DIR / "education" / "gias_extract_2021-05-07_la850_la936.csv"


@pytest.fixture(scope="module")
def hampshire_2019() -> pd.DataFrame:
    parsed = parse(HAMPSHIRE_2019)
    assert parsed.rejects.empty
    return parsed.rows


def cell(rows: pd.DataFrame, line: int, column: str) -> str:
    found = rows[(rows["_row_number"] == line) & (rows["column_name"] == column)]
    assert len(found) == 1, (line, column)
    return found["value"].iat[0]


def test_school_row_as_printed(hampshire_2019: pd.DataFrame) -> None:
    # 2018-2019_850_ks2final.csv line 2: 1,1832,850,2001,115851,Anstey Junior School, ...
    # TOTPUPS (col 25) 240, TELIG (col 27) 60, PTRWM_EXP (col 49) 63%, PTRWM_HIGH (col 50) 0%,
    # READPROG / _LOWER / _UPPER (cols 51-53) -1.9, -3.4, -0.3
    line = hampshire_2019[hampshire_2019["_row_number"] == 2]
    assert set(line["urn"]) == {"115851"} and set(line["rectype"]) == {"1"}
    assert set(line["academic_year"]) == {"2018-19"} and set(line["la_number"]) == {"850"}
    assert len(line) == 318  # one raw row per published column (318 in the 2018-19 layout)
    assert cell(hampshire_2019, 2, "SCHNAME") == "Anstey Junior School"
    assert cell(hampshire_2019, 2, "TELIG") == "60"
    assert cell(hampshire_2019, 2, "PTRWM_EXP") == "63%"
    assert cell(hampshire_2019, 2, "PTRWM_HIGH") == "0%"
    assert [
        cell(hampshire_2019, 2, c) for c in ("READPROG", "READPROG_LOWER", "READPROG_UPPER")
    ] == [
        "-1.9",
        "-3.4",
        "-0.3",
    ]
    telig = line[line["column_name"] == "TELIG"]
    assert telig["column_number"].iat[0] == 27


def test_la_and_england_rows(hampshire_2019: pd.DataFrame) -> None:
    # line 333: 3, ,850, , ,Hampshire, ... TOTPUPS 85265, TELIG 14855, PTRWM_EXP 68%, READPROG -0.4
    assert cell(hampshire_2019, 333, "RECTYPE") == "3"
    assert cell(hampshire_2019, 333, "SCHNAME") == "Hampshire"
    assert cell(hampshire_2019, 333, "TELIG") == "14855"
    assert cell(hampshire_2019, 333, "PTRWM_EXP") == "68%"
    assert cell(hampshire_2019, 333, "READPROG") == "-0.4"
    # line 334: 4, , , , , , ... TELIG 649249, PTRWM_EXP 65%; England rows leave LEA blank and
    # READPROG a single space
    assert cell(hampshire_2019, 334, "LEA") == " "
    assert cell(hampshire_2019, 334, "TELIG") == "649249"
    assert cell(hampshire_2019, 334, "PTRWM_EXP") == "65%"
    assert cell(hampshire_2019, 334, "READPROG") == " "


def test_suppressed_school_keeps_the_code(hampshire_2019: pd.DataFrame) -> None:
    # line 328: 2,54286,850,7053,116634,Saxon Wood School, ... TELIG 3, PTRWM_EXP SUPP
    assert cell(hampshire_2019, 328, "URN") == "116634"
    assert cell(hampshire_2019, 328, "TELIG") == "3"
    assert cell(hampshire_2019, 328, "PTRWM_EXP") == "SUPP"


def test_trailing_cells_dfe_did_not_print_have_no_row(hampshire_2019: pd.DataFrame) -> None:
    # line 32 (The Cambridge Primary School, 140690) stops after TPUPYEAR: 26 printed fields,
    # TOTPUPS 27, no TELIG cell
    line = hampshire_2019[hampshire_2019["_row_number"] == 32]
    assert len(line) == 26
    assert cell(hampshire_2019, 32, "TOTPUPS") == "27"
    assert "TELIG" not in set(line["column_name"])


def test_every_file_lands_without_rejects() -> None:
    files = SOURCES_BY_NAME["dfe_ks2_performance_tables"].files(DEFAULT_DATA_DIR)
    assert [f.name for f in files] == [
        "2016-2017_850_ks2final.csv",
        "2016-2017_936_ks2final.csv",
        "2017-2018_850_ks2final.csv",
        "2017-2018_936_ks2final.csv",
        "2018-2019_850_ks2final.csv",
        "2018-2019_936_ks2final.csv",
    ]
    # records per file = wc -l (331, 235, 331, 238, 334, 242): the header is a line, and the last
    # record has no final newline
    records = [parse(f).rows["_row_number"].nunique() for f in files]
    assert records == [331, 235, 331, 238, 334, 242]


def test_missing_identifying_column_is_a_shape_error(tmp_path: Path) -> None:
    text = HAMPSHIRE_2019.read_text(encoding="utf-8-sig").splitlines()
    path = tmp_path / "2018-2019_850_ks2final.csv"
    path.write_text("\n".join([text[0].replace(",URN,", ",URNX,", 1), *text[1:3]]) + "\n")
    with pytest.raises(ShapeError) as raised:
        parse(path)
    assert str(raised.value) == ("2018-2019_850_ks2final.csv: missing identifying columns ['URN']")


def test_bad_file_name_is_a_shape_error(tmp_path: Path) -> None:
    path = tmp_path / "2018-2020_850_ks2final.csv"
    path.write_text("RECTYPE,LEA,URN\n1,850,1\n")
    with pytest.raises(ShapeError, match="file name is not <yyyy>-<yyyy\\+1>_<LA>_ks2final.csv"):
        parse(path)


def test_record_of_another_la_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "2018-2019_850_ks2final.csv"
    path.write_text("RECTYPE,LEA,URN,TELIG\n1,850,100001,30\n1,936,100002,20\n4, , ,600000\n")
    parsed = parse(path)
    assert set(parsed.rows["urn"]) == {"100001", " "}
    reject = parsed.rejects.iloc[0]
    assert (reject["row_number"], reject["column_name"], reject["value"]) == (3, "LEA", "936")
    assert reject["reason"] == "LEA '936' is not the file's LA 850 (RECTYPE '1')"


def test_gias_extract_as_published() -> None:
    parsed = SOURCES_BY_NAME["gias_establishments"].parser(GIAS)
    assert parsed.rejects.empty and len(parsed.rows) == 729
    # line 2: 115850,"850","2000","Alton Infant School","Local authority maintained schools",
    # "Primary","Does not apply","24","East Hampshire","Good"
    first = parsed.rows.iloc[0]
    assert (first["urn"], first["la_code"], first["establishmentname"]) == (
        "115850",
        "850",
        "Alton Infant School",
    )
    assert first["percentagefsm"] == "24"
    assert first["ofstedrating_name"] == "Good"
