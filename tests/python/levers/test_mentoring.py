"""Mentoring pairs and organisation centroids on hand-made organisations."""

import pandas as pd
import pytest

from frontline_stats.levers.centroids import distance_km, organisation_centroids
from frontline_stats.levers.mentoring import POSITION_COLUMNS, mentoring_pairs


def _positions(rows, polarity="higher_is_better") -> pd.DataFrame:
    # rows: (code, value, band, national rank) for indicator i1, period p1
    return pd.DataFrame(
        [
            ("t", code, f"Org {code}", "i1", "p1", polarity, value, band, rank, 50.0)
            for code, value, band, rank in rows
        ],
        columns=POSITION_COLUMNS,
    )


POSITIONS = [
    ("M", 10.0, "D", 8),  # the mentee
    ("X", 90.0, "A", 2),
    ("Y", 95.0, "A", 1),
    ("Z", 80.0, "B", 3),
    ("N", 12.0, "D", 7),  # a mentee whose peers are none in band A
    ("C", 40.0, "C", 5),
    ("Q", 11.0, "D", 6),  # a mentee in no peer list
]

PEERS = pd.DataFrame(
    [
        ("S", "M", "X", 2, 0.3),
        ("S", "M", "Y", 3, 0.2),
        ("S", "M", "Z", 1, 0.1),  # nearest of all but only band B
        ("S", "N", "C", 1, 0.1),
        ("S", "N", "Z", 2, 0.2),
    ],
    columns=["peer_set_id", "organisation_code", "peer_code", "peer_rank", "distance"],
)

# M at the origin; X 5 km away (3-4-5), Y 50 km away (30-40-50), in BNG metres
CENTROIDS = pd.DataFrame(
    [
        ("M", 0.0, 0.0, "district centroid of M"),
        ("X", 3000.0, 4000.0, "district centroid of X"),
        ("Y", 30000.0, 40000.0, "district centroid of Y"),
    ],
    columns=["organisation_code", "centroid_e", "centroid_n", "centroid_basis"],
)


def _sets(max_km):
    return pd.DataFrame(
        [("t", "S", max_km)], columns=["organisation_type", "peer_set_id", "max_distance_km"]
    )


def test_nearest_top_band_peer_by_peer_distance():
    pairs = mentoring_pairs(_positions(POSITIONS), PEERS, _sets(100.0), CENTROIDS)
    pairs = pairs.set_index("mentee_code")
    assert sorted(pairs.index) == ["M", "N", "Q"]  # every band D organisation has a row
    m = pairs.loc["M"]
    # Z (0.1) is nearer but band B; of X (0.3) and Y (0.2) in band A, Y is nearer
    assert (m["mentor_code"], m["peer_distance"], m["peer_rank"]) == ("Y", 0.2, 3)
    assert (m["mentor_value"], m["mentor_band"], m["mentor_national_rank"]) == (95.0, "A", 1)
    assert m["geographic_distance_km"] == pytest.approx(50.0)
    assert m["within_max_distance"] is True and m["top_band_peers"] == 2
    assert m["mentee_value"] == 10.0 and m["national_value"] == 50.0
    n, q = pairs.loc["N"], pairs.loc["Q"]
    assert n["mentor_code"] is None and n["top_band_peers"] == 0
    assert "none of its 2 peers in S is in band A" in n["reason"]
    assert q["mentor_code"] is None and q["reason"] == "no mentor: not in peer set S"


def test_a_peer_within_the_distance_limit_comes_first():
    # Y is 50 km away, beyond 40 km; X at 5 km is within, so X despite its larger distance 0.3
    pairs = mentoring_pairs(_positions(POSITIONS), PEERS, _sets(40.0), CENTROIDS)
    m = pairs.set_index("mentee_code").loc["M"]
    assert (m["mentor_code"], m["geographic_distance_km"]) == ("X", pytest.approx(5.0))
    assert m["within_max_distance"] is True


def test_beyond_the_limit_only_when_no_peer_is_within():
    # 4 km: neither X (5 km) nor Y (50 km) is within; the nearer by peer distance, flagged
    pairs = mentoring_pairs(_positions(POSITIONS), PEERS, _sets(4.0), CENTROIDS)
    m = pairs.set_index("mentee_code").loc["M"]
    assert m["mentor_code"] == "Y" and m["within_max_distance"] is False
    assert m["reason"].endswith("no band A peer within 4 km")


def test_unranked_sets_fall_back_to_geography():
    unranked = PEERS.assign(peer_rank=None, distance=None)
    pairs = mentoring_pairs(_positions(POSITIONS), unranked, _sets(None), CENTROIDS)
    m = pairs.set_index("mentee_code").loc["M"]
    assert m["mentor_code"] == "X"  # 5 km against 50 km
    assert m["within_max_distance"] is None and m["max_distance_km"] is None


def test_indicators_without_polarity_have_no_pairs():
    pairs = mentoring_pairs(_positions(POSITIONS, polarity=None), PEERS, _sets(100.0), CENTROIDS)
    assert pairs.empty


def test_organisation_centroids():
    # D8 and D9 made up county U9 until both merged into the unitary D3
    districts = pd.DataFrame(
        {
            "geography_code": ["D1", "D2", "D3", "D8", "D9"],
            "utla_code": ["U1", "U1", "D3", "U9", "U9"],
            "pfa_code": ["F1", "F1", "F1", "F1", "F1"],
            "is_current": [True, True, True, False, False],
            "current_geography_code": ["D1", "D2", "D3", "D3", "D3"],
        }
    )
    lads = pd.DataFrame(
        {"lad_code": ["D1", "D2", "D3"], "bng_e": [0, 2000, 4000], "bng_n": [0, 4000, 8000]}
    )
    organisations = pd.DataFrame(
        {
            "organisation_code": ["county", "force", "district", "trust", "elsewhere", "old"],
            "geography_code": ["U1", "F1", "D3", None, "W99", "U9"],
        }
    )
    centroids = organisation_centroids(organisations, districts, lads).set_index(
        "organisation_code"
    )
    # county U1 = mean of D1 and D2: (1000, 2000); force F1 = mean of all three: (2000, 4000)
    assert tuple(centroids.loc["county", ["centroid_e", "centroid_n"]]) == (1000.0, 2000.0)
    assert tuple(centroids.loc["force", ["centroid_e", "centroid_n"]]) == (2000.0, 4000.0)
    assert centroids.at["force", "centroid_basis"].startswith("mean of 3 district centroids")
    assert tuple(centroids.loc["district", ["centroid_e", "centroid_n"]]) == (4000.0, 8000.0)
    # the abolished county: its districts roll up to D3 only, so D3's centroid
    assert tuple(centroids.loc["old", ["centroid_e", "centroid_n"]]) == (4000.0, 8000.0)
    assert (
        centroids.at["old", "centroid_basis"] == "mean of 1 district centroid in upper-tier area U9"
    )
    assert centroids.at["trust", "centroid_basis"] == "no centroid: no geography code"
    assert pd.isna(centroids.at["elsewhere", "centroid_e"])
    assert distance_km(0.0, 0.0, 3000.0, 4000.0) == 5.0
    assert distance_km(0.0, None, 1.0, 1.0) is None


def test_without_ranks_or_centroids_the_code_decides_and_says_so():
    unranked = PEERS.assign(peer_rank=None, distance=None)
    nowhere = CENTROIDS.iloc[0:0]
    pairs = mentoring_pairs(_positions(POSITIONS), unranked, _sets(None), nowhere)
    m = pairs.set_index("mentee_code").loc["M"]
    assert m["mentor_code"] == "X"  # X before Y
    assert m["geographic_distance_km"] is None and m["mentee_centroid_basis"] is None
    assert "(organisation code: the set has no distances or ranks" in m["reason"]
