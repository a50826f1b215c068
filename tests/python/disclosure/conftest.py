"""Small fct_indicator_value-shaped frames: schools in two LAs and England, one period."""

import pandas as pd
import pytest

from frontline_stats.disclosure.hierarchy import Hierarchy
from frontline_stats.disclosure.indicator_rows import Registry

COLUMNS = [
    "indicator_value_id", "indicator_code", "period_key", "geography_code", "organisation_code",
    "numerator", "denominator", "value", "status_symbol", "status_reason", "coverage",
    "source_file", "source_sheet", "source_row_number",
]  # fmt: skip

SURREY, HAMPSHIRE, SOUTH_EAST, ENGLAND = "E10000030", "E10000014", "E12000008", "E92000001"


def value_row(indicator, unit, numerator, denominator, area=None, status=None, reason=None):
    organisation = None if unit.startswith("E") else unit
    value = None if status else (numerator / denominator if denominator else numerator)
    return {
        "indicator_value_id": f"{indicator}|{unit}",
        "indicator_code": indicator,
        "period_key": "AY2018-19",
        "geography_code": area if organisation else unit,
        "organisation_code": organisation,
        "numerator": numerator,
        "denominator": denominator,
        "value": value,
        "status_symbol": status,
        "status_reason": reason,
        "coverage": "complete",
        "source_file": "education/x.csv",
        "source_sheet": None,
        "source_row_number": 7,
    }


@pytest.fixture
def registry() -> Registry:
    return Registry.from_frame(
        pd.DataFrame(
            [
                {"indicator_code": "ks2_rwm", "sector": "education", "measure": "proportion",
                 "unit": "proportion", "disclosure_threshold": 6,
                 "disclosure_rounding_base": None, "disclosure_symbol": None},
                {"indicator_code": "police_count", "sector": "police", "measure": "count",
                 "unit": "crimes", "disclosure_threshold": None,
                 "disclosure_rounding_base": None, "disclosure_symbol": None},
            ]
        )
    )  # fmt: skip


@pytest.fixture
def hierarchy() -> Hierarchy:
    return Hierarchy(
        area_parent={SURREY: SOUTH_EAST, HAMPSHIRE: SOUTH_EAST, SOUTH_EAST: ENGLAND},
        organisation_area={"100001": SURREY, "100002": SURREY, "100003": SURREY,
                           "200001": HAMPSHIRE, "200002": HAMPSHIRE},
    )  # fmt: skip


@pytest.fixture
def ks2_rows() -> pd.DataFrame:
    """Schools (no area on their rows: dim_organisation gives it), their LAs and England.

    100001 has 2 pupils not meeting the standard (complement below 6); 200002 was suppressed
    by DfE (SUPP, cohort 4 printed); LA and England totals add up.
    """
    rows = [
        value_row("ks2_rwm", "100001", 28, 30),
        value_row("ks2_rwm", "100002", 20, 30),
        value_row("ks2_rwm", "100003", 40, 60),
        value_row("ks2_rwm", SURREY, 88, 120),
        value_row("ks2_rwm", "200001", 30, 50),
        value_row("ks2_rwm", "200002", None, 4, status="c", reason="SUPP: suppressed by DfE"),
        value_row("ks2_rwm", HAMPSHIRE, 32, 54),
        value_row("ks2_rwm", ENGLAND, 120, 174),
        value_row("police_count", "E23000001", 3, None),
    ]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    for column in ("numerator", "denominator", "value"):
        frame[column] = frame[column].astype(float)
    return frame
