"""Where an organisation is: the mean of the ONS district (LAD 2023) centroids its area covers.

ONS ships one centroid per district in British National Grid metres
(BNG_E, BNG_N). An organisation's area is resolved through its geography_code:

- the code is itself a district with a centroid (a unitary, metropolitan or London borough, a
  Welsh principal area, a district council): that centroid;
- otherwise the current districts whose upper-tier authority is the code (a county council);
- otherwise the current districts in the police force area with that code (a force);
- otherwise no centroid (an NHS trust has no geography_code; a school carries its LA's code and
  so gets its LA's centroid).

The mean of district centroids is a rough middle of the area, good enough to say whether two
organisations are tens or hundreds of kilometres apart, which is all mentoring pairs need.
"""

import math

import pandas as pd

CENTROID_COLUMNS = ["organisation_code", "centroid_e", "centroid_n", "centroid_basis"]


def organisation_centroids(
    organisations: pd.DataFrame, districts: pd.DataFrame, lad_centroids: pd.DataFrame
) -> pd.DataFrame:
    """One row per organisation_code: centroid_e, centroid_n (BNG metres) and centroid_basis.

    organisations: organisation_code, geography_code. districts: current districts with
    geography_code, utla_code, pfa_code (dim_geography). lad_centroids: lad_code, bng_e, bng_n.
    """
    points = {
        row.lad_code: (float(row.bng_e), float(row.bng_n))
        for row in lad_centroids.itertuples()
        if pd.notna(row.bng_e) and pd.notna(row.bng_n)
    }
    located = districts[districts["geography_code"].isin(points)]
    by_utla = located.groupby("utla_code")["geography_code"].apply(sorted).to_dict()
    by_pfa = located.groupby("pfa_code")["geography_code"].apply(sorted).to_dict()
    rows = []
    for org in organisations.drop_duplicates("organisation_code").itertuples():
        code = org.geography_code if isinstance(org.geography_code, str) else None
        rows.append([org.organisation_code, *_centroid_of(code, points, by_utla, by_pfa)])
    return pd.DataFrame(rows, columns=CENTROID_COLUMNS)


def _centroid_of(code, points, by_utla, by_pfa) -> tuple[float | None, float | None, str]:
    if code is None:
        return None, None, "no centroid: no geography code"
    if code in points:
        east, north = points[code]
        return east, north, f"district centroid of {code}"
    for districts, kind in (
        (by_utla.get(code), "upper-tier area"),
        (by_pfa.get(code), "police force area"),
    ):
        if districts:
            east = sum(points[d][0] for d in districts) / len(districts)
            north = sum(points[d][1] for d in districts) / len(districts)
            return east, north, f"mean of {len(districts)} district centroids in {kind} {code}"
    return None, None, f"no centroid: no districts with a centroid for {code}"


def distance_km(east_a, north_a, east_b, north_b) -> float | None:
    """Straight-line distance in km between two BNG points (metres); None if either is unknown."""
    coordinates = (east_a, north_a, east_b, north_b)
    if any(c is None or (isinstance(c, float) and math.isnan(c)) for c in coordinates):
        return None
    return math.hypot(east_a - east_b, north_a - north_b) / 1000.0
