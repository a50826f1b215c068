"""Prison performance ratings; proven reoffending against prediction (docs/methods/justice.md).

Prison ratings (HMPPS Annual Prison Performance Ratings): each measure is rated 1 to 4 against
prisons of the same function, the measure ratings are weighted into an overall score and that
score is banded into an overall rating, 1 = performance is of serious concern, 2 = of concern,
3 = good, 4 = outstanding; HMPPS then moderates. Here:

- Measure rating, relative rule (`rate_within_function`): within one function group (prisons
  with the same comparison_type, e.g. prison_local) a measure's values are banded into quartiles
  exactly as `positions.quartile_band` does (DfE LAIT, R type-7 quartiles, a value on a quartile
  goes to the band towards the minimum, ties share a band), and band A (best quarter by the
  measure's polarity) is 4, B 3, C 2, D 1. Why this rule: HMPPS publishes a rating definition per
  measure (thresholds in Annex B of its ratings guide) that Frontline does not ship; what can be
  computed from the values alone, and what "against prisons of the same function" says, is the
  prison's position in its function's distribution. Quartiles give four ratings from the
  project's one tested banding rule, symmetric in polarity and stable under ties. A group with
  fewer than `MIN_GROUP_SIZE` reporting prisons is not rated (a quartile of two prisons says
  nothing): every rating None.
- Measure rating, fixed thresholds (`rate_by_thresholds`): for a measure whose published rating
  definition gives three cut points, a value is rated by them instead (closed towards the better
  rating: reaching a cut point earns it).
- Overall score (`overall_score`): the weighted mean of the measure ratings a prison has,
  sum(w_m r_m) / sum(w_m) over rated measures (a measure with no rating drops out and the
  other weights are rescaled), None when the rated weight is below `min_weight_share` of the
  total weight (too little of the scorecard to rate).
- Overall rating (`overall_rating`): the score rounded to the nearest rating, halves up (edges
  1.5, 2.5, 3.5), so a prison whose measures are all rated r is rated r.
- Moderation (`moderate`): a moderated rating replaces the calculated one only with a reason,
  and both are kept.

Proven reoffending (MoJ Proven reoffending statistics): for a cohort of offenders (released from
custody or starting a court order in a 3-month cohort), followed up for one year plus six months
for convictions to be recorded:

    binary rate        = reoffenders / offenders               (proportion who reoffend)
    frequency          = reoffences / offenders                (reoffences per offender)
    per reoffender     = reoffences / reoffenders
    difference         = actual - predicted                    (proportion points, or reoffences)
    ratio              = actual / predicted                    (1 = as predicted for the case mix)

with `predicted` the rate (or frequency) MoJ predicts for the cohort's case mix.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from frontline_stats.compare.polarity import Polarity, check_polarity
from frontline_stats.compare.positions import quartile_band

RATING_LABELS: dict[int, str] = {
    1: "Performance is of serious concern",
    2: "Performance is of concern",
    3: "Good performance",
    4: "Outstanding performance",
}
RATING_OF_BAND: dict[str, int] = {"A": 4, "B": 3, "C": 2, "D": 1}
MIN_GROUP_SIZE = 4  # fewer reporting prisons in a function: no quartiles, no rating
OVERALL_EDGES: tuple[float, float, float] = (1.5, 2.5, 3.5)


def rate_within_function(
    values: Sequence[float | None] | pd.Series, polarity: Polarity
) -> pd.Series:
    """Rating 1-4 of each prison's value against the other prisons of its function.

    `values` are one measure for one function group (NaN / None = not reported: no rating, not
    counted). Polarity must be known: a measure with no better direction cannot be rated.
    """
    if check_polarity(polarity) is None:
        raise ValueError("a measure is rated only when its polarity is known")
    series = pd.Series(values, dtype=float) if not isinstance(values, pd.Series) else values
    series = pd.to_numeric(series, errors="raise").astype(float)
    ratings = pd.Series([None] * len(series), index=series.index, dtype=object)
    if series.notna().sum() < MIN_GROUP_SIZE:
        return ratings
    bands = quartile_band(series, polarity)
    for index, band in bands.items():
        if band is not None:
            ratings.loc[index] = RATING_OF_BAND[band]
    return ratings


def rate_by_thresholds(
    value: float | None, cut_points: tuple[float, float, float], polarity: Polarity
) -> int | None:
    """Rating 1-4 from a published rating definition's three cut points.

    higher_is_better: cut points ascending (c2, c3, c4), value >= c4 -> 4, >= c3 -> 3, >= c2 -> 2,
    else 1. lower_is_better: cut points descending, value <= c4 -> 4, <= c3 -> 3, <= c2 -> 2,
    else 1. A missing value has no rating.
    """
    if check_polarity(polarity) is None:
        raise ValueError("a measure is rated only when its polarity is known")
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    better = polarity == "higher_is_better"
    ordered = sorted(cut_points) if better else sorted(cut_points, reverse=True)
    if list(cut_points) != ordered:
        raise ValueError(f"cut points {cut_points} are not in order for {polarity}")
    rating = 1
    for earned, cut in zip((2, 3, 4), cut_points, strict=True):
        if (value >= cut) if better else (value <= cut):
            rating = earned
    return rating


def overall_score(
    ratings: Mapping[str, int | None],
    weights: Mapping[str, float],
    min_weight_share: float = 0.5,
) -> float | None:
    """Weighted mean of the measure ratings a prison has; None if too little weight is rated.

    Every rated measure must have a weight (a rating with no weight is an error, not ignored).
    """
    unweighted = [m for m, r in ratings.items() if r is not None and m not in weights]
    if unweighted:
        raise ValueError(f"no weight for rated measures {sorted(unweighted)}")
    total = sum(weights.values())
    if total <= 0:
        raise ValueError("weights must sum to more than zero")
    rated = {m: r for m, r in ratings.items() if r is not None}
    for measure, rating in rated.items():
        if rating not in RATING_LABELS:
            raise ValueError(f"rating of {measure} is {rating}, not 1-4")
    rated_weight = sum(weights[m] for m in rated)
    if rated_weight <= 0 or rated_weight < min_weight_share * total:
        return None
    return sum(weights[m] * r for m, r in rated.items()) / rated_weight


def overall_rating(
    score: float | None, edges: tuple[float, float, float] = OVERALL_EDGES
) -> int | None:
    """Band an overall score into 1-4: below edges[0] -> 1, below edges[1] -> 2, below edges[2]
    -> 3, else 4 (the default edges round to the nearest rating, halves up)."""
    if score is None:
        return None
    if not 1 <= score <= 4:
        raise ValueError(f"overall score {score} is outside 1-4")
    return 1 + sum(score >= edge for edge in edges)


@dataclass(frozen=True)
class ModeratedRating:
    calculated: int | None
    final: int | None
    moderation_reason: str | None

    @property
    def label(self) -> str | None:
        return RATING_LABELS.get(self.final) if self.final is not None else None


def moderate(
    calculated: int | None, moderated: int | None = None, reason: str | None = None
) -> ModeratedRating:
    """The final rating: the moderated one when given (with a reason), else the calculated one."""
    if moderated is None:
        return ModeratedRating(calculated, calculated, None)
    if moderated not in RATING_LABELS:
        raise ValueError(f"moderated rating {moderated} is not 1-4")
    if not reason or not reason.strip():
        raise ValueError("a moderated rating needs a reason")
    return ModeratedRating(calculated, moderated, reason.strip())


def rate_prisons(
    measures: pd.DataFrame,
    polarities: Mapping[str, Polarity],
    weights: Mapping[str, Mapping[str, float]],
    min_weight_share: float = 0.5,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Measure ratings and overall ratings for many prisons.

    `measures`: one row per prison and measure with columns organisation_code, comparison_type
    (the function group, e.g. prison_local), measure, value. `weights`: per comparison_type, the
    weight of each measure (HMPPS weights measures differently by function). Returns
    (measure ratings: the input plus `rating`, None where not rated; overall: organisation_code,
    comparison_type, score (NaN when not rated), rating (Int64, <NA> when not rated), label).
    """
    needed = {"organisation_code", "comparison_type", "measure", "value"}
    missing = needed - set(measures.columns)
    if missing:
        raise ValueError(f"measures lack columns {sorted(missing)}")
    rated = measures.copy()
    rated["rating"] = pd.Series([None] * len(rated), index=rated.index, dtype=object)
    for (_, measure), group in rated.groupby(["comparison_type", "measure"], sort=True):
        if measure not in polarities:
            raise ValueError(f"no polarity for measure {measure!r}")
        rated.loc[group.index, "rating"] = rate_within_function(group["value"], polarities[measure])

    overall_rows = []
    for (code, function), group in rated.groupby(
        ["organisation_code", "comparison_type"], sort=True
    ):
        if function not in weights:
            raise ValueError(f"no weights for function {function!r}")
        ratings = dict(zip(group["measure"], group["rating"], strict=True))
        score = overall_score(ratings, weights[function], min_weight_share)
        rating = overall_rating(score)
        overall_rows.append(
            {
                "organisation_code": code,
                "comparison_type": function,
                "score": score,
                "rating": rating,
                "label": RATING_LABELS.get(rating) if rating is not None else None,
            }
        )
    overall = pd.DataFrame(
        overall_rows, columns=["organisation_code", "comparison_type", "score", "rating", "label"]
    )
    # score NaN and rating <NA> where a prison has too little of its scorecard rated
    overall["score"] = overall["score"].astype(float)
    overall["rating"] = overall["rating"].astype("Int64")
    return rated, overall


@dataclass(frozen=True)
class ReoffendingComparison:
    """One cohort's proven reoffending, actual against predicted for its case mix."""

    offenders: int
    reoffenders: int
    reoffences: int
    binary_rate: float
    frequency: float
    reoffences_per_reoffender: float | None
    predicted_rate: float | None
    rate_difference: float | None
    rate_ratio: float | None
    predicted_frequency: float | None
    frequency_difference: float | None
    frequency_ratio: float | None


def _actual_vs_predicted(
    actual: float, predicted: float | None
) -> tuple[float | None, float | None]:
    if predicted is None:
        return None, None
    if predicted < 0:
        raise ValueError(f"predicted value {predicted} is negative")
    ratio = actual / predicted if predicted > 0 else None
    return actual - predicted, ratio


def proven_reoffending(
    offenders: int,
    reoffenders: int,
    reoffences: int,
    predicted_rate: float | None = None,
    predicted_frequency: float | None = None,
) -> ReoffendingComparison:
    """Binary rate and frequency of proven reoffending, and each against its prediction.

    Rates are proportions (0.25, not 25%): `predicted_rate` must be given the same way.
    """
    if offenders <= 0:
        raise ValueError("a cohort needs at least one offender")
    if not 0 <= reoffenders <= offenders:
        raise ValueError(f"reoffenders {reoffenders} must be between 0 and offenders {offenders}")
    if reoffences < reoffenders:
        raise ValueError(f"reoffences {reoffences} fewer than reoffenders {reoffenders}")
    if predicted_rate is not None and not 0 <= predicted_rate <= 1:
        raise ValueError(f"predicted rate {predicted_rate} is not a proportion (0-1)")
    binary_rate = reoffenders / offenders
    frequency = reoffences / offenders
    rate_difference, rate_ratio = _actual_vs_predicted(binary_rate, predicted_rate)
    frequency_difference, frequency_ratio = _actual_vs_predicted(frequency, predicted_frequency)
    return ReoffendingComparison(
        offenders=offenders,
        reoffenders=reoffenders,
        reoffences=reoffences,
        binary_rate=binary_rate,
        frequency=frequency,
        reoffences_per_reoffender=reoffences / reoffenders if reoffenders else None,
        predicted_rate=predicted_rate,
        rate_difference=rate_difference,
        rate_ratio=rate_ratio,
        predicted_frequency=predicted_frequency,
        frequency_difference=frequency_difference,
        frequency_ratio=frequency_ratio,
    )
