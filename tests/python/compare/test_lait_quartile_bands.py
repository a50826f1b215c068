"""Quartile bands on a real LAIT measure, checked against LAIT's rule computed independently.

Attainment 8 (AVG_Attain8_Score, polarity High) for 2024 (academic year 2023/24) from the shipped
LAIT data set: every LA (LA number below 970, as LAIT's global.R splits LAs from regions and
England) with a figure. The independent side is numpy.percentile (method 'linear' = R's default
quantile type 7) and the inequalities of LAIT's calculate_quartile_band written out here.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest

from frontline_stats.compare.positions import position_frame
from orchestration.paths import DEFAULT_DATA_DIR

BDS = DEFAULT_DATA_DIR / "education" / "dfe_lait" / "dfe_lait_bds_long.parquet"


@pytest.fixture(scope="module")
def attainment_8_2024() -> pd.DataFrame:
    return duckdb.sql(
        f"""
        select "LA and Regions" as la_name, cast("Values" as double) as value
        from read_parquet('{BDS.as_posix()}')
        where "Short Desc" = 'AVG_Attain8_Score' and "Years" = '2024'
            and "LA Number" < 970 and "Values" <> '-'
        """
    ).df()


def lait_band(value: float, quartiles: np.ndarray, polarity: str) -> str:
    """calculate_quartile_band (R/fn_analysis.R), both polarities, written out."""
    q0, q25, q50, q75, q100 = quartiles
    if polarity == "Low":
        if q0 <= value <= q25:
            return "A"
        if q25 < value <= q50:
            return "B"
        if q50 < value <= q75:
            return "C"
        if q75 < value <= q100:
            return "D"
    if polarity == "High":
        if q0 <= value <= q25:
            return "D"
        if q25 < value <= q50:
            return "C"
        if q50 < value <= q75:
            return "B"
        if q75 < value <= q100:
            return "A"
    return "Error"


def test_engine_bands_equal_lait_bands_for_every_la(attainment_8_2024: pd.DataFrame) -> None:
    frame = attainment_8_2024
    # 152 LAs have a figure (City of London and the abolished LAs print '-')
    assert len(frame) == 152
    quartiles = np.percentile(frame["value"], [0, 25, 50, 75, 100], method="linear")
    assert quartiles[2] == pytest.approx(45.3)  # the median LA value, held by two LAs
    engine = position_frame(frame, "value", "higher_is_better")
    expected = [lait_band(v, quartiles, "High") for v in frame["value"]]
    assert engine["quartile_band"].tolist() == expected
    # the same values read as if lower were better: LAIT's other branch
    engine_low = position_frame(frame, "value", "lower_is_better")
    assert engine_low["quartile_band"].tolist() == [
        lait_band(v, quartiles, "Low") for v in frame["value"]
    ]


def test_named_las(attainment_8_2024: pd.DataFrame) -> None:
    bands = position_frame(attainment_8_2024, "value", "higher_is_better").set_index("la_name")
    assert bands.loc["Surrey", "value"] == 51 and bands.loc["Surrey", "quartile_band"] == "A"
    assert bands.loc["Blackpool", "value"] == pytest.approx(34.8)
    assert bands.loc["Blackpool", "quartile_band"] == "D"
    # Thurrock and Wakefield are on the median (45.3): closed above, so band C, not B
    assert bands.loc[["Thurrock", "Wakefield"], "quartile_band"].tolist() == ["C", "C"]
