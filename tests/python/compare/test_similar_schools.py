"""DfE similar schools on small hand examples (distances worked by hand in the comments)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from frontline_stats.compare.similar_schools import distances, similar_schools


def schools(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(
        rows, columns=["organisation_code", "phase", "region", "pupils", "fsm_pct", "sen_pct"]
    )


def test_distances_by_hand_and_fewer_than_30() -> None:
    # Phase P: ranges pupils 300-100 = 200, FSM 20-10 = 10, SEN 30-10 = 20.
    # d(A,B) = sqrt(0.5 (100/200)^2 + 0.4 (10/10)^2 + 0.1 (0/20)^2) = sqrt(0.525) = 0.724569
    # d(A,C) = sqrt(0.5 (200/200)^2 + 0.4 (0/10)^2 + 0.1 (20/20)^2) = sqrt(0.6)   = 0.774597
    # d(B,C) = sqrt(0.5 (100/200)^2 + 0.4 (10/10)^2 + 0.1 (20/20)^2) = sqrt(0.625) = 0.790569
    frame = schools(
        [
            ("A", "P", "R1", 100, 10, 10),
            ("B", "P", "R1", 200, 20, 10),
            ("C", "P", "R1", 300, 10, 30),
        ]
    )
    peers = similar_schools(frame).set_index(["organisation_code", "peer_code"])
    assert peers.loc[("A", "B"), "distance"] == pytest.approx(math.sqrt(0.525))
    assert peers.loc[("A", "C"), "distance"] == pytest.approx(math.sqrt(0.6))
    assert peers.loc[("B", "C"), "distance"] == pytest.approx(math.sqrt(0.625))
    assert peers.loc[("C", "B"), "distance"] == pytest.approx(math.sqrt(0.625))
    # C's nearest is A (0.7746) before B (0.7906)
    assert peers.loc[("C", "A"), "peer_rank"] == 1 and peers.loc[("C", "B"), "peer_rank"] == 2
    # only 2 other schools in the phase: every other school, and the reasons say why
    assert len(peers) == 6
    reasons = peers.loc[("A", "B"), "reasons"]
    assert reasons == (
        "pupils 100 vs 200; FSM 10.0% vs 20.0%; SEN 10.0% vs 10.0%; same region R1; "
        "fewer than 30 peers: only 2 other school(s) in phase P"
    )


def test_same_region_preferred_among_the_nearest_candidates() -> None:
    # FSM and SEN equal everywhere (range 0: they separate no one); pupils range 200-100 = 100,
    # so d = sqrt(0.5) |dpupils| / 100: S-T 0.070711, S-U 0.141421, S-V 0.212132, S-W 0.707107.
    # With 3 candidates and 2 kept, S's candidates are T, U, V; V is the only one in S's region,
    # so V is kept first, then the nearest other (T); U is dropped although nearer than V, and W
    # (same region) is beyond the candidates.
    frame = schools(
        [
            ("S", "P", "R1", 100, 5, 5),
            ("T", "P", "R2", 110, 5, 5),
            ("U", "P", "R2", 120, 5, 5),
            ("V", "P", "R1", 130, 5, 5),
            ("W", "P", "R1", 200, 5, 5),
        ]
    )
    peers = similar_schools(frame, candidates=3, keep=2)
    s = peers[peers["organisation_code"] == "S"].sort_values("peer_rank")
    assert list(s["peer_code"]) == ["T", "V"]  # ranked by distance once chosen
    assert list(s["same_region"]) == [False, True]
    assert s["distance"].tolist() == pytest.approx([math.sqrt(0.5) * 0.1, math.sqrt(0.5) * 0.3])
    assert s["reasons"].iat[0].endswith("; other region")
    assert s["reasons"].iat[1].endswith("; same region R1")
    # 4 other schools >= 2 kept: no 'fewer' note
    assert not peers["reasons"].str.contains("fewer than").any()


def test_missing_values_take_the_phase_median_and_phases_stay_apart() -> None:
    # Phase P FSM: 10, 30, missing -> median 20 for C. Ranges: pupils 100, FSM 20, SEN 0.
    # d(A,C) = sqrt(0.5 (0/100)^2 + 0.4 (10/20)^2) = sqrt(0.1) = 0.316228
    # d(B,C) = sqrt(0.5 (100/100)^2 + 0.4 (10/20)^2) = sqrt(0.6) = 0.774597
    frame = schools(
        [
            ("A", "P", "R1", 100, 10, 8),
            ("B", "P", "R1", 200, 30, 8),
            ("C", "P", "R1", 100, None, 8),
            ("X", "Q", "R1", 100, 10, 8),  # another phase: never a peer of A, B or C
        ]
    )
    peers = similar_schools(frame).set_index(["organisation_code", "peer_code"])
    assert peers.loc[("A", "C"), "distance"] == pytest.approx(math.sqrt(0.1))
    assert peers.loc[("B", "C"), "distance"] == pytest.approx(math.sqrt(0.6))
    assert (
        "FSM 10.0% vs 20.0% (peer not given: phase median 20.0%)"
        in peers.loc[("A", "C"), "reasons"]
    )
    assert not any("X" in pair for pair in peers.index if pair[0] != "X")
    assert ("X", "A") not in peers.index  # X is alone in phase Q: no peers at all
    assert (peers.reset_index()["organisation_code"] != peers.reset_index()["peer_code"]).all()


def test_distance_matrix_ignores_a_characteristic_without_spread() -> None:
    values = pd.DataFrame({"a": [0.0, 1.0], "b": [3.0, 3.0]}).to_numpy()
    assert distances(values, [0.5, 0.5])[0, 1] == pytest.approx(math.sqrt(0.5))


def test_missing_column_is_refused() -> None:
    frame = schools([("A", "P", "R1", 100, 10, 10)]).drop(columns=["sen_pct"])
    with pytest.raises(ValueError, match=r"missing columns \['sen_pct'\]"):
        similar_schools(frame)
