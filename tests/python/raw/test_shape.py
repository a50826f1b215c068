from __future__ import annotations

import pytest

from orchestration.raw.landing.naming import snake_case
from orchestration.raw.landing.shape import ShapeError, check_header, normalise_label


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Violence against the person4", "Violence against the person"),
        ("Stalking and harassment 5", "Stalking and harassment"),
        ("Residential burglary5,6", "Residential burglary"),
        ("Non-residential  burglary5,6", "Non-residential burglary"),
        ("Total recorded crime (excluding fraud3)", "Total recorded crime (excluding fraud)"),
        ("\ufeffArea Code ", "Area Code"),
    ],
)
def test_footnote_markers_and_bom_are_stripped(label: str, expected: str) -> None:
    assert normalise_label(label, strip_footnotes=True) == expected


def test_codes_keep_their_digits_without_footnote_stripping() -> None:
    assert normalise_label("\ufeffLAD17CD") == "LAD17CD"


@pytest.mark.parametrize(
    ("label", "column"),
    [
        ("LAD17CD", "lad17cd"),
        ("local-authority-code", "local_authority_code"),
        ("As at 31 March...", "as_at_31_march"),
        ("Total (FTE)", "total_fte"),
        ("Shape__Area", "shape_area"),
        ("Mid-2023", "mid_2023"),
    ],
)
def test_snake_case(label: str, column: str) -> None:
    assert snake_case(label) == column


def test_mismatch_is_one_line_naming_file_sheet_expected_found() -> None:
    with pytest.raises(ShapeError) as raised:
        check_header("book.xlsx", "Data", ["Code", "Name"], ["Code", "Label"])
    message = str(raised.value)
    assert "\n" not in message
    assert "book.xlsx" in message and "'Data'" in message
    assert "missing ['Name']" in message and "unexpected ['Label']" in message
