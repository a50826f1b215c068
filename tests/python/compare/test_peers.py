"""Nearest neighbours: hand-computed distances, ties, capping, reasons, non-reciprocal lists."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontline_stats.compare.peers import (
    VariableSpec,
    distance_matrix,
    nearest_neighbours,
    standardised_values,
)


def test_one_variable_distances_are_rebased_absolute_differences():
    # x = 0, 1, 3: z-differences are raw differences / sd, and rebasing divides by the largest
    # (3 / sd), so d(a,b) = 1/3, d(a,c) = 1, d(b,c) = 2/3 whatever the sd.
    frame = pd.DataFrame({"code": ["a", "b", "c"], "x": [0.0, 1.0, 3.0]})
    d = distance_matrix(frame, "code", [VariableSpec("x", "people")])
    assert d.loc["a", "b"] == pytest.approx(1 / 3)
    assert d.loc["a", "c"] == pytest.approx(1.0)
    assert d.loc["b", "c"] == pytest.approx(2 / 3)


def test_standardising_uses_population_sd():
    # x = 0, 1, 3: mean 4/3, population variance ((4/3)^2 + (1/3)^2 + (5/3)^2) / 3 = 42/27
    frame = pd.DataFrame({"x": [0.0, 1.0, 3.0]})
    z = standardised_values(frame, [VariableSpec("x", "people")])["x"]
    assert z.tolist() == pytest.approx([(v - 4 / 3) / math.sqrt(42 / 27) for v in (0, 1, 3)])


def _two_variable_frame():
    # x = 0, 1, 2 and y = 0, 2, 1: both mean 1, population sd sqrt(2/3); call u = 1/sd.
    return pd.DataFrame({"code": ["a", "b", "c"], "x": [0.0, 1, 2], "y": [0.0, 2, 1]})


def test_same_family_is_euclidean():
    # |dz|: a-b (u, 2u), a-c (2u, u), b-c (u, u) -> u*sqrt5, u*sqrt5, u*sqrt2; rebase by u*sqrt5.
    variables = [VariableSpec("x", "f"), VariableSpec("y", "f")]
    d = distance_matrix(_two_variable_frame(), "code", variables)
    assert d.loc["a", "b"] == pytest.approx(1.0)
    assert d.loc["a", "c"] == pytest.approx(1.0)
    assert d.loc["b", "c"] == pytest.approx(math.sqrt(2) / math.sqrt(5))


def test_families_are_summed():
    # Separate families add distances: a-b u + 2u = 3u, a-c 3u, b-c 2u -> 1, 1, 2/3.
    variables = [VariableSpec("x", "people"), VariableSpec("y", "place")]
    d = distance_matrix(_two_variable_frame(), "code", variables)
    assert d.loc["b", "c"] == pytest.approx(2 / 3)


def test_weights_multiply_squared_differences():
    # Weight 4 on x: a-b sqrt(4u^2 + 4u^2) = u*sqrt8, a-c sqrt(16u^2 + u^2) = u*sqrt17,
    # b-c sqrt(4u^2 + u^2) = u*sqrt5; largest is a-c.
    variables = [VariableSpec("x", "f", weight=4.0), VariableSpec("y", "f")]
    d = distance_matrix(_two_variable_frame(), "code", variables)
    assert d.loc["a", "b"] == pytest.approx(math.sqrt(8 / 17))
    assert d.loc["b", "c"] == pytest.approx(math.sqrt(5 / 17))


def test_missing_values_take_the_median():
    # x = 0, 1, NaN, 5: median of 0, 1, 5 is 1, so c is filled with 1 and sits on top of b.
    frame = pd.DataFrame({"code": ["a", "b", "c", "d"], "x": [0.0, 1.0, np.nan, 5.0]})
    d = distance_matrix(frame, "code", [VariableSpec("x", "f")])
    assert d.loc["b", "c"] == 0.0
    assert d.loc["a", "d"] == pytest.approx(1.0)


def test_k_is_capped_and_reported():
    frame = pd.DataFrame({"code": ["a", "b", "c"], "x": [0.0, 1.0, 3.0]})
    peers = nearest_neighbours(frame, "code", [VariableSpec("x", "f")], k=15)
    assert set(peers["k_used"]) == {2}
    assert peers.groupby("organisation_code").size().tolist() == [2, 2, 2]
    assert list(peers.columns) == [
        "organisation_code",
        "peer_code",
        "peer_rank",
        "distance",
        "reasons",
        "k_used",
    ]


def test_equal_distances_are_ordered_by_peer_code():
    # c and b are both 1 away from a; b comes first because its code sorts first.
    frame = pd.DataFrame({"code": ["a", "c", "b"], "x": [0.0, -1.0, 1.0]})
    peers = nearest_neighbours(frame, "code", [VariableSpec("x", "f")], k=2)
    a = peers[peers["organisation_code"] == "a"]
    assert a["peer_code"].tolist() == ["b", "c"]
    assert a["peer_rank"].tolist() == [1, 2]


def test_reasons_name_the_closest_variables_in_sd():
    # Four variables, each -1 or +1 over four rows: mean 0, population sd 1, so z = x.
    frame = pd.DataFrame(
        {
            "code": ["a", "b", "c", "d"],
            "density": [-1.0, -1.0, 1.0, 1.0],  # a-b 0.00 sd apart
            "age65": [-1.0, 1.0, -1.0, 1.0],  # a-b 2.00 sd apart
            "imd": [1.0, 1.0, -1.0, -1.0],  # a-b 0.00 sd apart
            "students": [-1.0, 1.0, 1.0, -1.0],  # a-b 2.00 sd apart
        }
    )
    variables = [
        VariableSpec("density", "place", label="population density"),
        VariableSpec("age65", "people", label="% aged 65+"),
        VariableSpec("imd", "deprivation", label="deprivation score"),
        VariableSpec("students", "people", label="% students"),
    ]
    peers = nearest_neighbours(frame, "code", variables, k=1)
    a = peers[peers["organisation_code"] == "a"].iloc[0]
    assert a["peer_code"] == "b"
    # smallest gaps first, equal gaps in the order the variables were listed; at most three
    assert a["reasons"] == (
        "population density (0.00 sd apart); deprivation score (0.00 sd apart); "
        "% aged 65+ (2.00 sd apart)"
    )


def test_lists_need_not_be_reciprocal():
    # On a line at 0, 2, 3, 10: a's nearest is b (2 away) but b's nearest is c (1 away).
    frame = pd.DataFrame({"code": ["a", "b", "c", "d"], "x": [0.0, 2.0, 3.0, 10.0]})
    peers = nearest_neighbours(frame, "code", [VariableSpec("x", "f")], k=1)
    nearest = dict(zip(peers["organisation_code"], peers["peer_code"], strict=True))
    assert nearest == {"a": "b", "b": "c", "c": "b", "d": "c"}
    assert nearest[nearest["a"]] != "a"


def test_identical_organisations_have_zero_distance_everywhere():
    frame = pd.DataFrame({"code": ["a", "b"], "x": [5.0, 5.0]})
    d = distance_matrix(frame, "code", [VariableSpec("x", "f")])
    assert (d.to_numpy() == 0).all()


def test_bad_input_names_the_problem():
    frame = pd.DataFrame({"code": ["a", "a"], "x": [1.0, 2.0]})
    with pytest.raises(ValueError, match="duplicate ids"):
        nearest_neighbours(frame, "code", [VariableSpec("x", "f")], k=1)
    with pytest.raises(KeyError, match="'y'"):
        distance_matrix(frame.assign(code=["a", "b"]), "code", [VariableSpec("y", "f")])


values = st.floats(min_value=-1e3, max_value=1e3, allow_nan=False)


@st.composite
def populations(draw):
    n = draw(st.integers(min_value=2, max_value=12))
    return pd.DataFrame(
        {
            "code": [f"E{i:02d}" for i in range(n)],
            "x": draw(st.lists(values, min_size=n, max_size=n)),
            "y": draw(st.lists(values, min_size=n, max_size=n)),
            "z": draw(st.lists(values, min_size=n, max_size=n)),
        }
    )


VARIABLES = [VariableSpec("x", "f1"), VariableSpec("y", "f1", 0.5), VariableSpec("z", "f2")]


@settings(max_examples=60, deadline=None)
@given(populations())
def test_distance_matrix_is_symmetric_with_zero_diagonal_in_unit_interval(frame):
    d = distance_matrix(frame, "code", VARIABLES).to_numpy()
    assert np.allclose(d, d.T, atol=1e-12)
    assert (np.diag(d) == 0).all()
    assert (d >= 0).all() and (d <= 1 + 1e-12).all()
    assert d.max() == pytest.approx(1.0) or d.max() == 0.0


@settings(max_examples=40, deadline=None)
@given(populations(), st.randoms(use_true_random=False))
def test_neighbours_do_not_depend_on_row_order(frame, rng):
    shuffled = frame.sample(frac=1.0, random_state=rng.randint(0, 2**31)).reset_index(drop=True)
    a = nearest_neighbours(frame, "code", VARIABLES, k=3)
    b = nearest_neighbours(shuffled, "code", VARIABLES, k=3)
    pd.testing.assert_frame_equal(a.drop(columns="distance"), b.drop(columns="distance"))
    assert np.allclose(a["distance"], b["distance"], atol=1e-12)
