"""Justice loaders: the prison register TSVs, values read by hand from the shipped files."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from orchestration.raw.catalog import SOURCES_BY_NAME
from orchestration.raw.landing.shape import ShapeError

from .conftest import DEFAULT_DATA_DIR

JUSTICE = DEFAULT_DATA_DIR / "justice"


def _rows(name: str) -> pd.DataFrame:
    source = SOURCES_BY_NAME[name]
    [path] = source.files(DEFAULT_DATA_DIR)
    parsed = source.parser(path)
    assert parsed.rejects.empty
    return parsed.rows


def _row(rows: pd.DataFrame, line: int) -> pd.Series:
    return rows.loc[rows["_row_number"] == line].iloc[0]


@pytest.mark.parametrize(
    ("name", "count"),
    [
        ("prison_register_2017", 153),
        ("prison_nomis_codes_2017", 155),
        ("former_prisons", 30),
        ("noms_prison_estate_list_2016", 121),
        ("prison_names_in_prs_dataset_2015_16", 118),
    ],
)
def test_every_justice_file_loads_all_rows(name: str, count: int) -> None:
    assert len(_rows(name)) == count  # data lines of each file (wc -l minus the header)


def test_register_rows_as_published() -> None:
    rows = _rows("prison_register_2017")
    assert list(rows.columns) == ["prison_estate", "name", "start_date", "end_date", "_row_number"]
    first = _row(rows, 2)  # line 2: 'AC<TAB>HMP/YOI Altcourse<TAB><TAB>'
    assert (first["prison_estate"], first["name"], first["start_date"], first["end_date"]) == (
        "AC",
        "HMP/YOI Altcourse",
        "",
        "",
    )
    last = _row(rows, 154)  # line 154: 'WO<TAB>HMP Wolds<TAB><TAB>2014-04' (year-month)
    assert (last["prison_estate"], last["end_date"]) == ("WO", "2014-04")


def test_nomis_map_keeps_blank_estate_codes() -> None:
    rows = _rows("prison_nomis_codes_2017")
    grendon = _row(rows, 46)  # line 46: 'GNI<TAB><TAB>HMP Grendon<TAB>GRENDON (HMP)'
    assert (grendon["nomis"], grendon["prison"], grendon["name"], grendon["nomis_name"]) == (
        "GNI",
        "",
        "HMP Grendon",
        "GRENDON (HMP)",
    )
    transfer = _row(rows, 112)  # line 112: 'TRN<TAB><TAB>Transfer<TAB>TRANSFER' (not a prison)
    assert (transfer["nomis"], transfer["name"]) == ("TRN", "Transfer")


def test_former_prison_address_and_end_date() -> None:
    rows = _rows("former_prisons")
    holloway = _row(rows, 19)  # line 19: HY, HYI, Holloway, ..., end 2016-05, N7 0NU
    assert holloway["prison"] == "HY"
    assert holloway["nomis"] == "HYI"
    assert holloway["end_date"] == "2016-05"
    assert holloway["address_text"] == "HMP/YOI HOLLOWAY|Parkhurst Road|London"
    assert holloway["postcode"] == "N7 0NU"


def test_estate_list_commas_stay_inside_fields() -> None:
    rows = _rows("noms_prison_estate_list_2016")
    mount = _row(rows, 79)  # line 79: 'Mount, The', East, PSP, Cat C Trainer, ..., HP3 0NZ
    assert mount["name"] == "Mount, The"
    assert mount["predominant_function"] == "Cat C Trainer"
    assert mount["nps_division"] == "South East and Eastern"
    assert mount["postal_address"] == "Molyneaux Avenue, Bovingdon, Hemel Hempstead HP3 0NZ"
    assert mount["postcode"] == "HP3 0NZ"
    medway = _row(rows, 76)  # line 76: Medway STC, NPS division blank
    assert (medway["predominant_function"], medway["nps_division"]) == (
        "Secure Training Centre",
        "",
    )


def test_prs_names_first_and_last() -> None:
    rows = _rows("prison_names_in_prs_dataset_2015_16")
    assert (_row(rows, 2)["prison"], _row(rows, 119)["prison"]) == ("Altcourse", "Wymott")


def test_renamed_column_is_a_one_line_shape_error(tmp_path: Path) -> None:
    path = tmp_path / "prison_register_2017.tsv"
    path.write_text("prison-estate\tname\tstart-date\tclosed\nAC\tHMP/YOI Altcourse\t\t\n")
    with pytest.raises(ShapeError) as error:
        SOURCES_BY_NAME["prison_register_2017"].parser(path)
    message = str(error.value)
    assert "\n" not in message
    assert message.startswith("prison_register_2017.tsv: header mismatch")
    assert "missing ['end-date']; unexpected ['closed']" in message


def test_short_row_is_rejected_with_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "prison_register_2017.tsv"
    path.write_text("prison-estate\tname\tstart-date\tend-date\nAC\tHMP/YOI Altcourse\nAS\tX\t\t\n")
    parsed = SOURCES_BY_NAME["prison_register_2017"].parser(path)
    assert list(parsed.rows["prison_estate"]) == ["AS"]
    reject = parsed.rejects.iloc[0]
    assert (reject["row_number"], reject["reason"]) == (2, "2 fields where the header has 4")
