"""DfE LAIT loaders on the shipped files: values read by hand, and bad inputs."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook

from orchestration.raw.catalog import SOURCES_BY_NAME
from orchestration.raw.landing.shape import ShapeError
from orchestration.raw.parsers import dfe_lait

from .conftest import DEFAULT_DATA_DIR, FIXTURES

LAIT = DEFAULT_DATA_DIR / "education" / "dfe_lait"
BDS = LAIT / "dfe_lait_bds_long.parquet"
SN = LAIT / "dfe_statistical_neighbours_may2025.xlsx"
# The sheet saved as CSV (from header row 3) by the data scout: an independent reading.
SN_CSV = FIXTURES / "dfe_statistical_neighbours_may2025_la_sn_groups.csv"


@pytest.fixture(scope="module")
def bds() -> dfe_lait.ParsedFile:
    return dfe_lait.parse_bds(BDS)


@pytest.fixture(scope="module")
def neighbours() -> dfe_lait.ParsedFile:
    return dfe_lait.parse_statistical_neighbours(SN)


def test_bds_values_read_by_hand(bds: dfe_lait.ParsedFile) -> None:
    assert bds.sheet is None and bds.rejects.empty
    assert list(bds.rows.columns) == [
        "short_desc",
        "data_item",
        "years",
        "la_and_regions",
        "values",
        "la_number",
        "region",
        "_row_number",
    ]
    assert len(bds.rows) == 641070
    assert all(dtype.kind == "O" for dtype in bds.rows.dtypes.drop("_row_number"))
    rows = bds.rows.set_index("_row_number")
    # Rows 398639, 398613, 398489: Attainment 8 (AVG_Attain8_Score), 2024, England, Surrey,
    # Blackpool; the LA number (a parquet DOUBLE, 970.0) as the text '970'
    cols = ["short_desc", "years", "la_and_regions", "values", "la_number", "region"]
    assert list(rows.loc[398639, cols]) == [
        "AVG_Attain8_Score",
        "2024",
        "England",
        "45.9",
        "970",
        "NA",
    ]
    assert list(rows.loc[398613, ["la_and_regions", "values", "la_number"]]) == [
        "Surrey",
        "51",
        "936",
    ]
    # Blackpool 34.8 as stored in the file
    assert list(rows.loc[398489, ["la_and_regions", "values"]]) == [
        "Blackpool",
        "34.799999999999997",
    ]
    # Row 1: the first row of the file, a 3-year pooled period with its Data item label
    assert list(rows.loc[1, ["short_desc", "data_item", "years", "la_and_regions"]]) == [
        "RTA",
        "Number of children killed and seriously injured in RTAs",
        "2014-16",
        "Barking and Dagenham",
    ]
    # a missing Data item lands as '', LAIT's '-' stays '-'
    assert rows.loc[398639, "data_item"] == ""
    assert (bds.rows["values"] == "-").sum() == 93883


def test_bds_with_a_renamed_column_is_a_shape_error(tmp_path: Path) -> None:
    table = pq.read_table(BDS).slice(0, 5)
    renamed = table.rename_columns(["Short Desc", "Data item", "Year", *table.column_names[3:]])
    bad = tmp_path / "bds.parquet"
    pq.write_table(renamed, bad)
    with pytest.raises(ShapeError) as error:
        dfe_lait.parse_bds(bad)
    message = str(error.value)
    assert "\n" not in message
    assert message.startswith("bds.parquet: header mismatch")
    assert "missing ['Years']; unexpected ['Year']" in message


def test_bds_row_without_an_la_number_is_rejected(tmp_path: Path) -> None:
    table = pq.read_table(BDS).slice(0, 3)
    numbers = pa.array([301.0, None, 370.0], type=pa.float64())
    table = table.set_column(5, "LA Number", numbers)
    bad = tmp_path / "bds.parquet"
    pq.write_table(table, bad)
    parsed = dfe_lait.parse_bds(bad)
    assert parsed.rows["_row_number"].tolist() == [1, 3]
    assert parsed.rejects[["row_number", "column_name", "reason"]].values.tolist() == [
        [2, "la_number", "no la_number"]
    ]


def test_statistical_neighbours_read_by_hand(neighbours: dfe_lait.ParsedFile) -> None:
    assert neighbours.sheet == "LA SN Groups" and neighbours.rejects.empty
    columns = list(neighbours.rows.columns)
    assert columns[:7] == [
        "la_num",
        "la_name",
        "la_number",
        "goind",
        "goreg",
        "sn1",
        "sn1_closeness",
    ]
    assert columns[-4:] == ["sn10", "sn10_closeness", "section", "_row_number"]
    # 153 current LAs (rows 4-156), then the 'Old SNs:' heading (row 158) and 5 old LAs
    assert len(neighbours.rows) == 158
    rows = neighbours.rows.set_index("_row_number")
    # Row 4: Barking and Dagenham 301, SN1 = 308 (Enfield) 'Close', SN10 = 203 'Somewhat close'
    assert list(rows.loc[4, ["la_num", "la_name", "goreg", "sn1", "sn1_closeness"]]) == [
        "301",
        "Barking and Dagenham",
        "London (Outer)",
        "308",
        "Close",
    ]
    assert list(rows.loc[4, ["sn10", "sn10_closeness", "section"]]) == [
        "203",
        "Somewhat close",
        "",
    ]
    # Row 164: Cumbria 909 under 'Old SNs:', SN1 = 925 'Extremely Close' (capital C as printed)
    assert list(rows.loc[164, ["la_name", "sn1", "sn1_closeness", "section"]]) == [
        "Cumbria",
        "925",
        "Extremely Close",
        "Old SNs:",
    ]
    assert 157 not in rows.index and 158 not in rows.index  # blank row, heading row


def test_statistical_neighbours_match_the_csv_copy(neighbours: dfe_lait.ParsedFile) -> None:
    with SN_CSV.open(newline="", encoding="utf-8-sig") as handle:
        records = [r for r in csv.reader(handle)][1:]
    listed = [r for r in records if r[0] != ""]  # the CSV keeps the 'Old SNs:' heading row
    published = neighbours.rows[dfe_lait.SN_COLUMNS].values.tolist()
    assert published == listed


def test_statistical_neighbours_with_a_moved_header_is_a_shape_error(tmp_path: Path) -> None:
    bad = tmp_path / "sn.xlsx"
    shutil.copyfile(SN, bad)
    workbook = load_workbook(bad)
    sheet = workbook["LA SN Groups"]
    sheet.cell(row=3, column=6).value = "Neighbour 1"
    workbook.save(bad)
    with pytest.raises(ShapeError) as error:
        dfe_lait.parse_statistical_neighbours(bad)
    message = str(error.value)
    assert "\n" not in message
    assert message.startswith("sn.xlsx (sheet 'LA SN Groups'): header mismatch")
    assert "missing ['SN1']; unexpected ['Neighbour 1']" in message


def test_data_dictionary_read_by_hand(data_dir: Path) -> None:
    source = SOURCES_BY_NAME["dfe_lait_data_dictionary"]
    (path,) = source.files(data_dir)
    parsed = source.parser(path)
    assert parsed.rejects.empty and len(parsed.rows) == 448
    rows = parsed.rows.set_index("_row_number")
    # Record 144: Average Attainment 8 score per pupil, High, 'Score per pupil', dps NA
    cols = ["measure_short", "topic", "polarity", "y_axis_name", "dps", "year_type", "no_quartile"]
    assert list(rows.loc[144, cols]) == [
        "AVG_Attain8_Score",
        "Key Stage 4",
        "High",
        "Score per pupil",
        "NA",
        "Academic Year",
        "NA",
    ]
    assert rows.loc[144, "last_update"] == "46054"  # an Excel serial date, as published
    # Record 2 (InfMort): a quoted methodology over several lines stays one record
    assert rows.loc[2, "measure_short"] == "InfMort"
    assert rows.loc[2, "methodology"].startswith("Infant deaths (under 1 year)")
    assert rows.loc[2, "methodology"].count("\n") == 8
    # Record 306: CINPermExclusion under Children in Need, LAIT shows no band (No_Quartile N)
    assert list(rows.loc[306, ["measure_short", "no_quartile"]]) == ["CINPermExclusion", "N"]


def test_la_code_list_read_by_hand(data_dir: Path) -> None:
    source = SOURCES_BY_NAME["dfe_lait_la_code_list"]
    (path,) = source.files(data_dir)
    parsed = source.parser(path)
    assert parsed.rejects.empty and len(parsed.rows) == 171
    rows = parsed.rows.set_index("_row_number")
    # Row 2: 301 Barking and Dagenham, Outer London, OLB; row 172: 1000 England (discontinued)
    assert list(rows.loc[2, ["la_number", "la_name", "region", "type"]]) == [
        "301",
        "Barking and Dagenham",
        "Outer London",
        "OLB",
    ]
    assert list(rows.loc[172, ["la_number", "la_name", "type"]]) == [
        "1000",
        "England (discontinued)",
        "NA",
    ]
