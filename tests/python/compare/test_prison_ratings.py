"""Prison ratings and proven reoffending on small examples worked by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from frontline_stats.compare.prison_ratings import (
    RATING_LABELS,
    moderate,
    overall_rating,
    overall_score,
    proven_reoffending,
    rate_by_thresholds,
    rate_prisons,
    rate_within_function,
)

# Five local prisons, two measures; a group of three open prisons (too small to rate).
# drug testing positive rate (%), lower is better: 5, 10, 15, 20, 25. R type-7 quartiles:
#   n = 5, q25 = x[2] = 10, q50 = x[3] = 15, q75 = x[4] = 20, so A (<= 10) = {5, 10} -> 4,
#   B (10 < v <= 15) = 15 -> 3, C (15 < v <= 20) = 20 -> 2, D (> 20) = 25 -> 1.
# purposeful activity (%), higher is better: 60, 70, 80, 90 and P5 not reported. n = 4:
#   q25 = 60 + 0.75 * 10 = 67.5, q50 = 75, q75 = 80 + 0.25 * 10 = 82.5, so
#   60 -> D -> 1, 70 -> C -> 2, 80 -> B -> 3, 90 -> A -> 4.
MEASURES = pd.DataFrame(
    [
        ("P1", "prison_local", "drugs", 5.0),
        ("P2", "prison_local", "drugs", 10.0),
        ("P3", "prison_local", "drugs", 15.0),
        ("P4", "prison_local", "drugs", 20.0),
        ("P5", "prison_local", "drugs", 25.0),
        ("P1", "prison_local", "activity", 60.0),
        ("P2", "prison_local", "activity", 70.0),
        ("P3", "prison_local", "activity", 80.0),
        ("P4", "prison_local", "activity", 90.0),
        ("P5", "prison_local", "activity", None),
        ("O1", "prison_open", "drugs", 1.0),
        ("O2", "prison_open", "drugs", 2.0),
        ("O3", "prison_open", "drugs", 3.0),
    ],
    columns=["organisation_code", "comparison_type", "measure", "value"],
)
POLARITIES = {"drugs": "lower_is_better", "activity": "higher_is_better"}
# activity weighs three times drugs for local prisons
WEIGHTS = {"prison_local": {"drugs": 1.0, "activity": 3.0}, "prison_open": {"drugs": 1.0}}


def test_measure_rated_by_quartile_within_function() -> None:
    drugs = rate_within_function([5, 10, 15, 20, 25], "lower_is_better")
    assert list(drugs) == [4, 4, 3, 2, 1]
    activity = rate_within_function([60, 70, 80, 90, None], "higher_is_better")
    assert list(activity) == [1, 2, 3, 4, None]


def test_reversing_polarity_mirrors_the_ratings() -> None:
    assert list(rate_within_function([5, 10, 15, 20, 25], "higher_is_better")) == [1, 1, 2, 3, 4]


def test_group_smaller_than_four_is_not_rated() -> None:
    assert list(rate_within_function([1, 2, 3], "lower_is_better")) == [None, None, None]


def test_measure_without_polarity_cannot_be_rated() -> None:
    with pytest.raises(ValueError, match="polarity is known"):
        rate_within_function([1, 2, 3, 4], None)


def test_fixed_cut_points_reaching_a_cut_earns_it() -> None:
    cuts_up = (50.0, 70.0, 90.0)
    assert [rate_by_thresholds(v, cuts_up, "higher_is_better") for v in (49.9, 50, 89.9, 90)] == [
        1,
        2,
        3,
        4,
    ]
    cuts_down = (10.0, 5.0, 2.0)
    assert [rate_by_thresholds(v, cuts_down, "lower_is_better") for v in (11, 10, 3, 2)] == [
        1,
        2,
        3,
        4,
    ]
    assert rate_by_thresholds(None, cuts_up, "higher_is_better") is None
    with pytest.raises(ValueError, match="not in order"):
        rate_by_thresholds(60, cuts_down, "higher_is_better")


def test_overall_score_is_the_weighted_mean_of_ratings() -> None:
    # P1: drugs 4 (weight 1), activity 1 (weight 3): (4 + 3) / 4 = 1.75
    assert overall_score({"drugs": 4, "activity": 1}, WEIGHTS["prison_local"]) == 1.75
    # P5: only drugs rated, 1 of 4 weight < half: no score
    assert overall_score({"drugs": 1, "activity": None}, WEIGHTS["prison_local"]) is None
    # at a lower coverage floor the rated measure's weight is rescaled to the whole
    assert overall_score({"drugs": 1, "activity": None}, WEIGHTS["prison_local"], 0.25) == 1.0
    with pytest.raises(ValueError, match="no weight"):
        overall_score({"escapes": 3}, WEIGHTS["prison_local"])


def test_overall_rating_rounds_to_nearest_halves_up() -> None:
    assert [overall_rating(s) for s in (1.0, 1.49, 1.5, 2.49, 2.5, 3.49, 3.5, 4.0)] == [
        1,
        1,
        2,
        2,
        3,
        3,
        4,
        4,
    ]
    assert overall_rating(None) is None
    with pytest.raises(ValueError, match="outside 1-4"):
        overall_rating(4.5)


def test_rate_prisons_end_to_end() -> None:
    rated, overall = rate_prisons(MEASURES, POLARITIES, WEIGHTS)
    by_row = {(r.organisation_code, r.measure): r.rating for r in rated.itertuples()}
    assert by_row[("P2", "drugs")] == 4 and by_row[("P2", "activity")] == 2
    assert by_row[("O1", "drugs")] is None  # open group of three: not rated
    scores = overall.set_index("organisation_code")
    # P1 (4,1) 1.75 -> 2; P2 (4,2) 10/4 = 2.5 -> 3; P3 (3,3) 3 -> 3; P4 (2,4) 14/4 = 3.5 -> 4
    assert list(scores.loc[["P1", "P2", "P3", "P4"], "score"]) == [1.75, 2.5, 3.0, 3.5]
    assert list(scores.loc[["P1", "P2", "P3", "P4"], "rating"]) == [2, 3, 3, 4]
    assert scores.loc["P4", "label"] == RATING_LABELS[4] == "Outstanding performance"
    assert pd.isna(scores.loc["P5", "rating"]) and pd.isna(scores.loc["P5", "score"])
    assert pd.isna(scores.loc["O1", "rating"]) and scores.loc["O1", "label"] is None


def test_moderation_needs_a_reason_and_keeps_both() -> None:
    kept = moderate(3)
    assert (kept.calculated, kept.final, kept.moderation_reason) == (3, 3, None)
    moved = moderate(3, 2, "serious incident in year")
    assert (moved.calculated, moved.final, moved.label) == (3, 2, "Performance is of concern")
    with pytest.raises(ValueError, match="needs a reason"):
        moderate(3, 2, " ")


def test_proven_reoffending_actual_against_predicted() -> None:
    # 200 offenders, 50 reoffend, committing 160 proven reoffences; MoJ predicts 30% and 0.9.
    cohort = proven_reoffending(200, 50, 160, predicted_rate=0.30, predicted_frequency=0.9)
    assert cohort.binary_rate == 0.25  # 50 / 200
    assert cohort.frequency == 0.8  # 160 / 200
    assert cohort.reoffences_per_reoffender == 3.2  # 160 / 50
    assert math.isclose(cohort.rate_difference, -0.05)  # 0.25 - 0.30: 5 points below
    assert math.isclose(cohort.rate_ratio, 0.25 / 0.30)  # 0.8333: a sixth fewer than predicted
    assert math.isclose(cohort.frequency_difference, -0.1)  # 0.8 - 0.9
    assert math.isclose(cohort.frequency_ratio, 0.8 / 0.9)


def test_proven_reoffending_without_prediction_and_bad_input() -> None:
    cohort = proven_reoffending(10, 0, 0)
    assert (cohort.binary_rate, cohort.frequency, cohort.reoffences_per_reoffender) == (0, 0, None)
    assert cohort.rate_difference is None and cohort.rate_ratio is None
    with pytest.raises(ValueError, match="not a proportion"):
        proven_reoffending(200, 50, 160, predicted_rate=30.0)  # a percentage, not 0.30
    with pytest.raises(ValueError, match="fewer than reoffenders"):
        proven_reoffending(200, 50, 40)
