"""Direction of travel."""

import numpy as np
import pandas as pd
import pytest

from frontline_stats.compare.trends import direction_of_travel, directions_of_travel


@pytest.mark.parametrize(
    ("current", "previous", "polarity", "expected"),
    [
        (12.0, 10.0, "higher_is_better", "Improving"),
        (8.0, 10.0, "higher_is_better", "Worsening"),
        (8.0, 10.0, "lower_is_better", "Improving"),
        (12.0, 10.0, "lower_is_better", "Worsening"),
        (12.0, 10.0, None, "Increasing"),
        (8.0, 10.0, None, "Decreasing"),
        (10.0, 10.0, "higher_is_better", "No change"),
        (np.nan, 10.0, "higher_is_better", "No comparison"),
        (10.0, None, None, "No comparison"),
    ],
)
def test_direction_of_travel(current, previous, polarity, expected):
    assert direction_of_travel(current, previous, polarity) == expected


def test_tolerance_is_in_the_indicators_units():
    # 10.4 - 10.0 = 0.4 <= 0.5: no change; 10.6 - 10.0 = 0.6 > 0.5: worsening
    assert direction_of_travel(10.4, 10.0, "lower_is_better", tolerance=0.5) == "No change"
    assert direction_of_travel(10.6, 10.0, "lower_is_better", tolerance=0.5) == "Worsening"


def test_directions_for_series():
    current = pd.Series([5.0, 3.0, np.nan], index=["a", "b", "c"])
    previous = pd.Series([4.0, 3.0, 1.0], index=["a", "b", "c"])
    assert directions_of_travel(current, previous, None).tolist() == [
        "Increasing",
        "No change",
        "No comparison",
    ]
