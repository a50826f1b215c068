"""Where an organisation is: the mean of the ONS district (LAD 2023) centroids its area covers.

ONS ships one centroid per district in British National Grid metres
(BNG_E, BNG_N). An organisation's area is resolved through its geography_code:

- the code is itself a district with a centroid (a unitary, metropolitan or London borough, a
  Welsh principal area, a district council): that centroid;
- otherwise the current districts whose upper-tier authority is the code (a county council);
- otherwise the current districts in the police force area with that code (a force);
- an abolished area (a county council or district since merged into a unitary) takes the LAD
  2023 district(s) its districts roll up to;
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

    organisations: organisation_code, geography_code. districts (dim_geography): every district,
    current or not, with geography_code, utla_code, pfa_code, is_current and
    current_geography_code (where an abolished district rolls up to). lad_centroids: lad_code,
    bng_e, bng_n. Current districts are used first; an area whose districts are all abolished
    (a county council replaced by a unitary) takes the LAD 2023 districts they roll up to.
    """
    points = {
        row.lad_code: (float(row.bng_e), float(row.bng_n))
        for row in lad_centroids.itertuples()
        if pd.notna(row.bng_e) and pd.notna(row.bng_n)
    }
    located = districts.assign(
        lad23=[
            code if code in points else (now if now in points else None)
            for code, now in zip(
                districts["geography_code"], districts["current_geography_code"], strict=True
            )
        ]
    ).dropna(subset=["lad23"])
    current = located[located["is_current"].fillna(False).astype(bool)]
    rolled_up = dict(zip(located["geography_code"], located["lad23"], strict=True))
    members = [
        (_members(current, column), _members(located, column), kind)
        for column, kind in (("utla_code", "upper-tier area"), ("pfa_code", "police force area"))
    ]
    rows = []
    for org in organisations.drop_duplicates("organisation_code").itertuples():
        code = org.geography_code if isinstance(org.geography_code, str) else None
        rows.append([org.organisation_code, *_centroid_of(code, points, rolled_up, members)])
    return pd.DataFrame(rows, columns=CENTROID_COLUMNS)


def _members(districts: pd.DataFrame, column: str) -> dict[str, list[str]]:
    """Area code -> the distinct LAD 2023 districts it covers."""
    return {area: sorted(set(group["lad23"])) for area, group in districts.groupby(column)}


def _centroid_of(code, points, rolled_up, members) -> tuple[float | None, float | None, str]:
    if code is None:
        return None, None, "no centroid: no geography code"
    if code in points:
        east, north = points[code]
        return east, north, f"district centroid of {code}"
    for current, any_time, kind in members:
        lads = current.get(code) or any_time.get(code)
        if lads:
            east = sum(points[d][0] for d in lads) / len(lads)
            north = sum(points[d][1] for d in lads) / len(lads)
            plural = "s" if len(lads) > 1 else ""
            return east, north, f"mean of {len(lads)} district centroid{plural} in {kind} {code}"
    if code in rolled_up:
        east, north = points[rolled_up[code]]
        return east, north, f"district centroid of {rolled_up[code]}, which {code} is now part of"
    return None, None, f"no centroid: no districts with a centroid for {code}"


def distance_km(east_a, north_a, east_b, north_b) -> float | None:
    """Straight-line distance in km between two BNG points (metres); None if either is unknown."""
    coordinates = (east_a, north_a, east_b, north_b)
    if any(c is None or (isinstance(c, float) and math.isnan(c)) for c in coordinates):
        return None
    return math.hypot(east_a - east_b, north_a - north_b) / 1000.0
