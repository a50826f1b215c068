"""Oflog-style comparison sentences."""

import math

import pytest

from frontline_stats.compare.summary import comparison_sentence, distance_phrase

FORCES = "its most similar forces"
UNIT = "crimes per 1,000 people"


def test_cleveland_example():
    sentence = comparison_sentence(
        "Cleveland", 101.3, 82.1, 2.4, None, "Worsening", "lower_is_better", UNIT, 1,
        peer_group=FORCES,
    )  # fmt: skip
    assert sentence == (
        "Cleveland's rate of 101.3 crimes per 1,000 people is well above the median of its most "
        "similar forces (82.1) and is worsening."
    )


@pytest.mark.parametrize(
    ("mads", "phrase"),
    [
        (0.0, "close to"),
        (-0.49, "close to"),
        (0.5, "above"),
        (-1.5, "below"),
        (1.51, "well above"),
        (-3.0, "well below"),
    ],
)
def test_thresholds_on_mads(mads, phrase):
    assert distance_phrase(mads, 1.0, 0.0) == phrase


def test_undefined_mads_fall_back_to_the_sign():
    assert distance_phrase(math.nan, 5.0, 5.0) == "equal to"
    assert distance_phrase(None, 4.0, 5.0) == "below"


def test_band_sentence_and_thousands_separator():
    sentence = comparison_sentence(
        "Kent", 1234.56, 1200.0, 0.2, "A", "Improving", "higher_is_better", "pounds per head", 0,
        measure="spend",
    )  # fmt: skip
    assert sentence == (
        "Kent's spend of 1,235 pounds per head is close to the median of its most similar "
        "organisations (1,200) and is improving. This places it in band A, the best quarter of "
        "its most similar organisations."
    )


def test_no_polarity_band_is_described_by_value():
    sentence = comparison_sentence("Kent", 3.0, 2.0, 1.0, "A", "No comparison", None, "%", 0)
    assert sentence == (
        "Kent's rate of 3% is above the median of its most similar organisations (2). "
        "This places it in band A, the highest quarter of its most similar organisations."
    )


def test_missing_values_explain_why():
    assert comparison_sentence("Kent", None, 2.0, None, None, None, None, "%", 1) == (
        "No comparison is possible because Kent has no rate for this period."
    )
    assert comparison_sentence("Kent", 3.0, math.nan, None, None, None, None, "%", 1) == (
        "No comparison is possible because there is no median for its most similar organisations."
    )
