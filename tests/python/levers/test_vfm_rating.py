"""The value-for-money rule for the top grade, on a hand-made set of six forces."""

import pandas as pd
import pytest

from frontline_stats.levers.vfm_rating import VALUE_COLUMNS, parse_bands, vfm_period, vfm_ratings

PERIODS = pd.DataFrame(
    {
        "period_key": ["YE2019-12", "FY2018-19", "FY2019-20"],
        "period_end": ["2019-12-31", "2019-03-31", "2020-03-31"],
    }
)


def _rule(**overrides) -> pd.DataFrame:
    rule = {
        "rule_id": "police_test",
        "organisation_type": "police_force_area",
        "grade_indicator_code": "crime_rate",
        "grade_period_key": None,
        "vfm_indicator_code": "spend_per_head",
        "vfm_better": "lower",
        "top_grade_vfm_bands": "A",
        "promote_with_vfm_bands": "A",
        "description": "test",
    }
    rule.update(overrides)
    return pd.DataFrame([rule])


def _values() -> pd.DataFrame:
    # grade bands as the comparison engine gave them for YE2019-12; P6 has no spend value.
    grade = [("P1", "A"), ("P2", "A"), ("P3", "B"), ("P4", "B"), ("P5", "D"), ("P6", "A")]
    # 2018-19 spend per head: 10, 40, 20, 50, 30. R type-7 quartiles of (10, 20, 30, 40, 50):
    # h = 1 + 4p, so q25 = 20, q50 = 30, q75 = 40; lower is better, closed above:
    # 10 and 20 -> A, 30 -> B, 40 -> C, 50 -> D.
    spend = {"P1": 10.0, "P2": 40.0, "P3": 20.0, "P4": 50.0, "P5": 30.0}
    rows = [
        ("police_force_area", code, f"Force {code}", "crime_rate", "YE2019-12", 1.0, band)
        for code, band in grade
    ]
    rows += [
        ("police_force_area", code, f"Force {code}", "spend_per_head", "FY2018-19", value, None)
        for code, value in spend.items()
    ]
    # 2019-20 ends after the grade period, so it must not be used: reversed order here
    rows += [
        ("police_force_area", code, f"Force {code}", "spend_per_head", "FY2019-20", 100 - v, None)
        for code, v in spend.items()
    ]
    return pd.DataFrame(rows, columns=VALUE_COLUMNS)


def test_grades_before_and_after_the_rule():
    ratings = vfm_ratings(_rule(), _values(), PERIODS).set_index("organisation_code")
    assert set(ratings["vfm_period_key"]) == {"FY2018-19"}
    assert set(ratings["grade_period_key"]) == {"YE2019-12"}  # latest grade period
    expected = {
        # code: (grade before, VfM band, grade after, change)
        "P1": (4, "A", 4, "keeps top grade"),
        "P2": (4, "C", 3, "loses top grade"),
        "P3": (3, "A", 4, "gains top grade"),
        "P4": (3, "D", 3, "unchanged"),
        "P5": (1, "B", 1, "unchanged"),
        "P6": (4, None, 3, "loses top grade"),
    }
    for code, (before, band, after, change) in expected.items():
        row = ratings.loc[code]
        assert (row["grade_before"], row["vfm_band"], row["grade_after"], row["change"]) == (
            before,
            band,
            after,
            change,
        ), code
    assert ratings.at["P6", "reason"].startswith("top grade withheld: no value-for-money value")
    assert ratings.at["P2", "vfm_value"] == 40.0
    assert ratings.at["P2", "grade_after_label"] == "good"


def test_no_promotion_when_the_rule_says_never():
    ratings = vfm_ratings(_rule(promote_with_vfm_bands=None), _values(), PERIODS)
    p3 = ratings.set_index("organisation_code").loc["P3"]
    assert (p3["grade_after"], p3["change"]) == (3, "unchanged")


def test_two_top_bands_and_higher_is_better_value():
    # higher is better: 50 -> A, 40 -> B, 30 -> C, 10 and 20 -> D; top bands A;B
    rule = _rule(vfm_better="higher", top_grade_vfm_bands="A;B", promote_with_vfm_bands="")
    ratings = vfm_ratings(rule, _values(), PERIODS).set_index("organisation_code")
    assert ratings.at["P1", "vfm_band"] == "D" and ratings.at["P1", "grade_after"] == 3
    assert ratings.at["P2", "vfm_band"] == "B" and ratings.at["P2", "grade_after"] == 4


def test_vfm_period_choice():
    ends = dict(zip(PERIODS["period_key"], pd.to_datetime(PERIODS["period_end"]), strict=True))
    assert vfm_period("FY2019-20", ["FY2018-19", "FY2019-20"], ends) == "FY2019-20"
    assert vfm_period("YE2019-12", ["FY2018-19", "FY2019-20"], ends) == "FY2018-19"
    assert vfm_period("FY2018-19", ["FY2019-20"], ends) is None


def test_bands_are_checked():
    assert parse_bands(" a; B ") == frozenset({"A", "B"})
    assert parse_bands(None) == frozenset()
    with pytest.raises(ValueError, match="bands must be among A, B, C, D"):
        parse_bands("A,B")
