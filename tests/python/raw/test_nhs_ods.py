"""ODS headerless downloads (etr trusts, eccg sub-ICB locations): values read by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestration.raw.landing.shape import ShapeError
from orchestration.raw.parsers import nhs_ods

from .conftest import DEFAULT_DATA_DIR

HEALTH = DEFAULT_DATA_DIR / "health"
ETR = HEALTH / "ods_etr_nhs_trusts.csv"
ECCG = HEALTH / "ods_eccg_ccgs_subicb.csv"


def test_etr_royal_free_read_by_hand() -> None:
    parsed = nhs_ods.parse(ETR)
    assert parsed.rejects.empty and len(parsed.rows) == 273
    assert list(parsed.rows.columns) == [*nhs_ods.COLUMNS, "_row_number"]
    # line 23: "RAL","ROYAL FREE LONDON NHS FOUNDATION TRUST","Y56","QMJ",...,"NW3 2QG",
    # "19910401","",...,"020 3758 2000",...,"1","","H",...
    row = parsed.rows.set_index("organisation_code").loc["RAL"]
    assert row["_row_number"] == 23
    assert row["name"] == "ROYAL FREE LONDON NHS FOUNDATION TRUST"
    assert (row["national_grouping"], row["high_level_health_geography"]) == ("Y56", "QMJ")
    assert (row["postcode"], row["open_date"], row["close_date"]) == ("NW3 2QG", "19910401", "")
    assert row["contact_telephone_number"] == "020 3758 2000"
    assert (row["amended_record_indicator"], row["gor_code"]) == ("1", "H")


def test_etr_closed_trust_keeps_its_close_date() -> None:
    rows = nhs_ods.parse(ETR).rows.set_index("organisation_code")
    # line 7: "R1C","SOLENT NHS TRUST","Y59","QRL",...,"20110401","20240930",...
    assert (rows.loc["R1C", "open_date"], rows.loc["R1C", "close_date"]) == (
        "20110401",
        "20240930",
    )


def test_eccg_sub_icb_location_role_code_read_by_hand() -> None:
    parsed = nhs_ods.parse(ECCG)
    assert parsed.rejects.empty and len(parsed.rows) == 320
    # line 8: "00L","NHS NORTH EAST AND NORTH CUMBRIA ICB - 00L","Y63","QHM",...,"RO319",...
    row = parsed.rows.set_index("organisation_code").loc["00L"]
    assert row["_row_number"] == 8
    assert row["name"] == "NHS NORTH EAST AND NORTH CUMBRIA ICB - 00L"
    assert (row["high_level_health_geography"], row["organisation_sub_type_code"]) == (
        "QHM",
        "RO319",
    )


def test_short_row_and_bad_date_are_rejected(tmp_path: Path) -> None:
    lines = ETR.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].rsplit(",", 1)[0]  # 26 fields
    lines[2] = lines[2].replace('"20190401"', '"2019-04-01"')  # line 3: R0B open date
    edited = tmp_path / "ods_etr_nhs_trusts.csv"
    edited.write_text("\n".join(lines) + "\n", encoding="utf-8")
    parsed = nhs_ods.parse(edited)
    rejects = parsed.rejects.set_index("row_number")
    assert rejects.loc[2, "reason"] == "26 fields where the ODS layout has 27"
    assert rejects.loc[3, "column_name"] == "open_date"
    assert rejects.loc[3, "reason"] == "open_date is not a YYYYMMDD date"
    assert len(parsed.rows) == 271 and {2, 3}.isdisjoint(parsed.rows["_row_number"])


def test_a_header_line_is_a_shape_error(tmp_path: Path) -> None:
    edited = tmp_path / "ods_etr_nhs_trusts.csv"
    edited.write_text("Organisation Code,Name\n" + ETR.read_text(encoding="utf-8"))
    with pytest.raises(ShapeError, match="ods_etr_nhs_trusts.csv: starts with a header line"):
        nhs_ods.parse(edited)
