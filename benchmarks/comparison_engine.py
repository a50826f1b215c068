"""Benchmark: the comparison engine against a plain per-organisation loop, in the same process.

A registry-shaped frame is generated: ORGS organisations of one type, INDICATORS rate-per-1,000
indicators and PERIODS year-ending periods, every organisation with 15 listed peers (as
nearest_neighbours:council_upper_tier:k15). The engine (`frontline_stats.compare.engine.compare`)
computes everything it publishes: national positions, funnels, trends and, per peer set (the
listed one and 'all organisations'), median, means, rank and MADs. The baseline computes only the
listed set's peer median, one organisation at a time, the way a first version would. Both medians
must agree on every row (a second method for the engine's figure), then the script prints the
time of each and the ratio engine / baseline, and the process's peak memory.

    python benchmarks/comparison_engine.py [ORGS] [INDICATORS] [PERIODS]   (default 150 40 10)
"""

from __future__ import annotations

import resource
import sys
import time

import numpy as np
import pandas as pd

from frontline_stats.compare.engine import compare

PEERS_PER_ORGANISATION = 15
PEER_SET = "nearest_neighbours:council_upper_tier:k15"


def registry_values(orgs: int, indicators: int, periods: int, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    codes = [f"E{n:08d}" for n in range(orgs)]
    ends = pd.date_range("2016-12-31", periods=periods, freq="YE")
    rows = len(codes) * indicators * periods
    population = np.tile(rng.integers(50_000, 1_500_000, len(codes)), indicators * periods)
    rate = rng.gamma(8.0, 10.0, rows)
    frame = pd.DataFrame(
        {
            "organisation_type": "council_upper_tier",
            "organisation_code": np.tile(codes, indicators * periods),
            "indicator_code": np.repeat(
                [f"indicator_{i:02d}" for i in range(indicators)], len(codes) * periods
            ),
            "period_end": np.tile(np.repeat(ends, len(codes)), indicators),
        }
    )
    frame["period_key"] = "YE" + frame["period_end"].dt.strftime("%Y-%m")
    frame["period_label"] = frame["period_key"]
    frame["period_type"] = "year_ending"
    frame["organisation_name"] = frame["organisation_code"]
    frame["country_code"] = "E92000001"
    frame["indicator_name"] = frame["indicator_code"]
    frame["unit"] = "per 1,000"
    frame["measure"] = "rate_per_1000"
    frame["polarity"] = "lower_is_better"
    frame["peer_average_method"] = "weighted"
    frame["decimal_places"] = 1
    frame["denominator"] = population.astype(float)
    frame["numerator"] = np.round(rate * population / 1000)
    frame["value"] = 1000 * frame["numerator"] / frame["denominator"]
    frame["status_symbol"] = None
    frame["national_value"] = None
    frame["national_geography_code"] = None
    return frame


def peer_groups(codes: list[str], seed: int = 11) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for index, code in enumerate(codes):
        others = np.delete(np.arange(len(codes)), index)
        for peer in rng.choice(others, PEERS_PER_ORGANISATION, replace=False):
            rows.append((PEER_SET, "nearest_neighbours", "council_upper_tier", code, codes[peer]))
    return pd.DataFrame(
        rows,
        columns=[
            "peer_set_id",
            "peer_set_type",
            "organisation_type",
            "organisation_code",
            "peer_code",
        ],
    )


def baseline_peer_medians(values: pd.DataFrame, groups: pd.DataFrame) -> pd.Series:
    """Peer median per organisation, indicator and period, one organisation at a time."""
    peers = groups.groupby("organisation_code")["peer_code"].apply(list).to_dict()
    medians = {}
    for (indicator, period), group in values.groupby(["indicator_code", "period_key"]):
        by_code = group.set_index("organisation_code")["value"]
        for code in by_code.index:
            medians[(code, indicator, period)] = float(np.median(by_code[peers[code]].to_numpy()))
    return pd.Series(medians)


def main(orgs: int, indicators: int, periods: int) -> None:
    values = registry_values(orgs, indicators, periods)
    groups = peer_groups(sorted(values["organisation_code"].unique()))

    start = time.perf_counter()
    baseline = baseline_peer_medians(values, groups)
    baseline_seconds = time.perf_counter() - start

    start = time.perf_counter()
    result = compare(values, groups)
    engine_seconds = time.perf_counter() - start

    listed = result[result["peer_set_id"] == PEER_SET].set_index(
        ["organisation_code", "indicator_code", "period_key"]
    )["peer_median"]
    gap = (listed - baseline.reindex(listed.index)).abs().max()
    assert len(listed) == len(baseline) and gap < 1e-9, f"peer medians differ by {gap}"

    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{len(values):,} values, {len(groups):,} organisation-peer pairs")
    print(f"baseline (listed-set medians only, per organisation): {baseline_seconds:8.2f} s")
    print(f"engine (everything it publishes, {len(result):,} rows):   {engine_seconds:8.2f} s")
    print(f"ratio engine / baseline: {engine_seconds / baseline_seconds:.2f}")
    print(f"peer medians agree on all {len(listed):,} rows (largest gap {gap:.1e})")
    print(f"peak memory of the process: {peak_mib:,.0f} MiB")


if __name__ == "__main__":
    sizes = [int(a) for a in sys.argv[1:4]] or [150, 40, 10]
    main(*sizes)
