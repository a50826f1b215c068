"""NHS England monthly A&E provider files: values read by hand from the shipped files."""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestration.raw.landing.shape import ShapeError
from orchestration.raw.parsers import nhse_ae_monthly, published_csv

from .conftest import DEFAULT_DATA_DIR

AE = DEFAULT_DATA_DIR / "health" / "nhse_ae_monthly_by_provider"


def test_every_month_parses_without_rejects() -> None:
    files = sorted(AE.glob("ae_monthly_*.csv"))
    assert [nhse_ae_monthly.file_month(f) for f in files][::12] == ["2024-06", "2025-06"]
    assert len(files) == 13
    for path in files:
        parsed = nhse_ae_monthly.parse(path)
        assert parsed.rejects.empty, path.name
        assert list(parsed.rows.columns) == [*nhse_ae_monthly.COLUMNS, "file_month", "_row_number"]


def test_royal_free_june_2025_read_by_hand() -> None:
    rows = nhse_ae_monthly.parse(AE / "ae_monthly_2025-06.csv").rows
    # line 141: MSitAE-JUNE-2025,RAL,NHS ENGLAND LONDON,ROYAL FREE LONDON NHS FOUNDATION TRUST,
    # 25688,575,16341,153,1,174,8647,10,748,58,0,17,1181,1691,6243,2,106,730
    row = rows.set_index("org_code").loc["RAL"]
    assert row["_row_number"] == 141 and row["file_month"] == "2025-06"
    assert row["period"] == "MSitAE-JUNE-2025"
    assert row["a_e_attendances_type_1"] == "25688"
    assert row["a_e_attendances_booked_appointments_type_1"] == "153"
    assert row["attendances_over_4hrs_type_1"] == "8647"
    assert row["attendances_over_4hrs_booked_appointments_type_1"] == "58"
    assert row["other_emergency_admissions"] == "730"


def test_september_2024_export_tail_is_dropped() -> None:
    # the only file whose header ends ',,,,,,a' (six empty columns on every row)
    parsed = nhse_ae_monthly.parse(AE / "ae_monthly_2024-09.csv")
    assert parsed.rejects.empty and len(parsed.rows) == 198
    # line 153: MSitAE-SEPTEMBER-2024,RJ1,NHS ENGLAND LONDON,GUY'S AND ST THOMAS' NHS
    # FOUNDATION TRUST,10047,700,6464,0,0,0,4072,44,295,...,336,,,,,,
    row = parsed.rows.set_index("org_code").loc["RJ1"]
    assert row["_row_number"] == 153 and row["file_month"] == "2024-09"
    assert (row["a_e_attendances_type_1"], row["attendances_over_4hrs_type_1"]) == ("10047", "4072")
    assert row["other_emergency_admissions"] == "336"
    # the last line is the England total, labelled 'Total' / 'Total ' in this file
    total = parsed.rows.iloc[-1]
    assert nhse_ae_monthly.is_total_row(total.to_dict())
    assert (total["_row_number"], total["a_e_attendances_type_1"]) == (199, "1335923")


def test_june_2024_total_row_read_by_hand() -> None:
    total = nhse_ae_monthly.parse(AE / "ae_monthly_2024-06.csv").rows.iloc[-1]
    # line 199: TOTAL,TOTAL,TOTAL,TOTAL,1374917,48707,792016,30741,675,47009,547250,...
    assert (total["period"], total["_row_number"]) == ("TOTAL", 199)
    assert total["a_e_attendances_type_1"] == "1374917"
    assert total["a_e_attendances_booked_appointments_other_department"] == "47009"


def test_wrong_month_non_number_and_tail_value_are_rejects(tmp_path: Path) -> None:
    lines = (AE / "ae_monthly_2024-09.csv").read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace("MSitAE-SEPTEMBER-2024", "MSitAE-AUGUST-2024")
    lines[2] = lines[2].replace(",2834,", ",2.8k,")  # line 3: RW1 other department attendances
    lines[3] = lines[3] + "x"  # line 4: a value under the 'a' column
    edited = tmp_path / "ae_monthly_2024-09.csv"
    edited.write_text("\n".join(lines) + "\n", encoding="utf-8")
    parsed = nhse_ae_monthly.parse(edited)
    rejects = parsed.rejects.set_index("row_number")
    assert rejects.loc[2, "reason"] == "period month 2024-08 differs from file month 2024-09"
    assert rejects.loc[3, "column_name"] == "a_e_attendances_other_a_e_department"
    assert rejects.loc[3, "reason"] == "count is not a whole number"
    assert rejects.loc[4, "reason"] == published_csv.TRAILING_VALUE
    assert len(parsed.rows) == 195


def test_renamed_header_and_odd_file_name_are_shape_errors(tmp_path: Path) -> None:
    text = (AE / "ae_monthly_2025-06.csv").read_text(encoding="utf-8")
    renamed = tmp_path / "ae_monthly_2025-06.csv"
    renamed.write_text(text.replace("Org name", "Organisation name", 1), encoding="utf-8")
    with pytest.raises(ShapeError) as raised:
        nhse_ae_monthly.parse(renamed)
    assert "ae_monthly_2025-06.csv: header mismatch" in str(raised.value)
    assert "missing ['Org name']" in str(raised.value)
    odd = tmp_path / "Monthly-AE-June-2025.csv"
    odd.write_text(text, encoding="utf-8")
    with pytest.raises(ShapeError, match="does not match ae_monthly_YYYY-MM.csv"):
        nhse_ae_monthly.parse(odd)
