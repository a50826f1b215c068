"""Numbers print in each indicator's style and codes read as words."""

from __future__ import annotations

from orchestration.publish.site.labels import (
    direction_label,
    funnel_label,
    kind_of,
    peer_set_label,
    peer_set_type_of,
)
from orchestration.publish.site.numbers import NumberStyle, display_unit, number_style


def test_styles_from_the_registry():
    rate = number_style("crimes per 1000 population", "rate_per_1000", 2)
    assert rate.format(122.01258970606386) == "122.01"
    assert rate.format(1234.5) == "1,234.50"
    share = number_style("proportion of attendances (0-1)", "proportion", 2)
    assert share.format(0.5951) == "59.5%"
    assert display_unit("proportion of attendances (0-1)", share) == "% of attendances"
    money = number_style("pounds per resident", "per_head", 2)
    assert money.format(225.76481582705904) == "£225.76"
    assert money.format(-3.5) == "-£3.50"
    assert NumberStyle(decimal_places=1).format(-0.04) == "0.0"
    assert rate.format(None, "c") == "c: confidential (suppressed)"
    assert rate.format(None) == "no value"


def test_words_for_codes():
    assert funnel_label("ratio", "alarm", 11.9, 1.0) == "alarm: above the 99.8% limit"
    assert funnel_label("proportion", "alert", 0.4, 0.6) == "alert: below the 95% limit"
    assert funnel_label("ratio", "none", 1.0, 1.0) == "within the limits"
    assert funnel_label(None, "none", None, None) == "no funnel plot"
    assert direction_label("Worsening", "year ending December 2018") == (
        "worsening (on year ending December 2018)"
    )
    assert direction_label("No comparison", "x") == "no comparison"
    assert kind_of("prison_cat_c_trainer") == "prison"
    assert kind_of("council_upper_tier") == "council"
    assert kind_of("gp_practice") == "other"
    assert peer_set_type_of("nearest_neighbours:police_force_area:k7") == "nearest_neighbours"
    assert peer_set_type_of("same_region:council_upper_tier") == "same_region"
    assert peer_set_type_of("user_defined:police_force_area:welsh_forces") == "user_defined"
    assert peer_set_label("user_defined", "user_defined:police_force_area:welsh_forces") == (
        "a user-defined group (welsh forces)"
    )
