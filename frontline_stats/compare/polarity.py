"""Indicator polarity: which direction of an indicator counts as better."""

from typing import Literal

Polarity = Literal["higher_is_better", "lower_is_better"] | None

POLARITIES: tuple[str, ...] = ("higher_is_better", "lower_is_better")


def check_polarity(polarity: str | None) -> Polarity:
    """Return ``polarity`` unchanged if it is known or None; otherwise raise ValueError."""
    if polarity is None or polarity in POLARITIES:
        return polarity  # type: ignore[return-value]
    raise ValueError(
        f"polarity must be one of {POLARITIES} or None (no preferred direction); got {polarity!r}"
    )


def higher_ranks_first(polarity: Polarity) -> bool:
    """True when rank 1 goes to the highest value.

    'higher_is_better' and None (no preferred direction: rank by value, highest first) rank
    descending; 'lower_is_better' ranks ascending.
    """
    return check_polarity(polarity) != "lower_is_better"
