"""Value-for-money positions on hand-worked figures (frontline_stats/compare/value_for_money.py)."""

import pytest

from frontline_stats.compare.value_for_money import outcome_side, position, spend_side


def test_spend_side_uses_oflog_thresholds_in_mads():
    # 0.4 MAD above the median is 'close to' it: similar spend
    assert spend_side(0.4, 310.0, 300.0) == "similar"
    # 0.5 to 1.5 MADs: above / below; beyond 1.5: well above, still 'higher'
    assert spend_side(0.5, 320.0, 300.0) == "higher"
    assert spend_side(2.0, 400.0, 300.0) == "higher"
    assert spend_side(-1.0, 250.0, 300.0) == "lower"


def test_spend_side_without_a_mad_uses_the_sign():
    # MAD = 0 (all peers equal): the sign of value - median decides
    assert spend_side(None, 301.0, 300.0) == "higher"
    assert spend_side(None, 300.0, 300.0) == "similar"


def test_spend_side_needs_both_figures():
    assert spend_side(1.0, None, 300.0) is None
    assert spend_side(1.0, 300.0, float("nan")) is None


def test_outcome_side_follows_polarity():
    # a quality-of-life score 1 MAD above the peers' median is better ...
    assert outcome_side(1.0, 19.8, 19.2, "higher_is_better") == "better"
    # ... a crime rate 1 MAD above the median is worse
    assert outcome_side(1.0, 95.0, 80.0, "lower_is_better") == "worse"
    assert outcome_side(-2.0, 60.0, 80.0, "lower_is_better") == "better"
    assert outcome_side(0.1, 80.5, 80.0, "lower_is_better") == "similar"


def test_outcome_without_polarity_is_refused():
    with pytest.raises(ValueError, match="polarity"):
        outcome_side(1.0, 5.0, 4.0, None)


def test_position_names_the_quadrant():
    assert position("lower", "better") == "lower spend, better outcome"
    assert position("similar", "worse") == "similar spend, worse outcome"
    assert position(None, "better") is None
