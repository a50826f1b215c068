"""The NHS cost index: NHS England's National Cost Collection Index (NCCI, formerly the Reference
Cost Index), from trust-level costs by service and currency (see docs/methods/health.md).

For each currency c (a service and currency code: an HRG in a point of delivery), over all
providers p loaded for the period:

    NAC_c      = sum_p cost_pc / sum_p activity_pc    national average unit cost
    expected_p = sum_c activity_pc * NAC_c            the provider's case mix at national prices
    index_p    = 100 * actual_p / expected_p          100 = national average

actual_p is the provider's total cost over the same rows. A currency with no activity anywhere
has no NAC: its rows are left out of both actual and expected (they cannot be priced). The
market forces factor is not applied: this is the unadjusted index.

The spread of unit costs per currency is over providers, one unit cost each (its cost / activity
in that currency, unweighted), with quantiles by linear interpolation between order statistics:
Hyndman and Fan (1996) definition 7, the default of R's quantile(), numpy's "linear" method and
DuckDB's quantile_cont. For sorted x_1..x_n and probability q: h = (n - 1) q, and
Q(q) = x_(floor h + 1) + (h - floor h) (x_(floor h + 2) - x_(floor h + 1)).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

CURRENCY = ("service_code", "currency_code")
PROVIDER = "organisation_code"
ACTIVITY = "activity"
COST = "total_cost"
QUANTILE_DEFINITION = "Hyndman-Fan type 7 (linear interpolation; R default, DuckDB quantile_cont)"

INDEX_COLUMNS = ["currencies", "activity", "actual_cost", "expected_cost", "cost_index"]
SPREAD_COLUMNS = [
    "providers",
    "activity",
    "total_cost",
    "national_average_unit_cost",
    "unit_cost_p25",
    "unit_cost_median",
    "unit_cost_p75",
    "unit_cost_iqr",
]


def quantile(values: Sequence[float], q: float) -> float:
    """Quantile of the values by Hyndman-Fan definition 7; NaN for no values."""
    if not 0 <= q <= 1:
        raise ValueError(f"probability must be in [0, 1]; got {q}")
    ordered = sorted(float(v) for v in values if not pd.isna(v))
    if not ordered:
        return math.nan
    h = (len(ordered) - 1) * q
    lower = math.floor(h)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (h - lower) * (ordered[upper] - ordered[lower])


def national_average_unit_costs(
    costs: pd.DataFrame, currency: Sequence[str] = CURRENCY, period: Sequence[str] = ()
) -> pd.DataFrame:
    """NAC per currency (and period): sum of cost / sum of activity over the providers.

    Columns: the keys, providers (distinct), activity, total_cost, national_average_unit_cost
    (NaN where the currency has no activity).
    """
    keys = [*period, *currency]
    grouped = costs.groupby(keys, sort=True, dropna=False)
    nac = grouped.agg(
        providers=(PROVIDER, "nunique"),
        activity=(ACTIVITY, "sum"),
        total_cost=(COST, "sum"),
    ).reset_index()
    nac["activity"] = nac["activity"].astype("float64")
    nac["total_cost"] = nac["total_cost"].astype("float64")
    nac["national_average_unit_cost"] = nac["total_cost"] / nac["activity"].where(
        nac["activity"] > 0
    )
    return nac


def cost_index(
    costs: pd.DataFrame, currency: Sequence[str] = CURRENCY, period: Sequence[str] = ()
) -> pd.DataFrame:
    """Per provider (and period): currencies, activity, actual_cost, expected_cost, cost_index.

    ``costs`` has one row per provider and currency (repeated rows are summed) with PROVIDER,
    the currency and period keys, ACTIVITY and COST. cost_index is NaN when expected is 0.
    """
    keys = [*period, *currency]
    nac = national_average_unit_costs(costs, currency, period)
    priced = costs.merge(nac[[*keys, "national_average_unit_cost"]], on=keys, how="left")
    priced = priced[priced["national_average_unit_cost"].notna()].copy()
    priced["expected_cost"] = priced[ACTIVITY] * priced["national_average_unit_cost"]
    providers = [*period, PROVIDER]
    result = (
        priced.groupby(providers, sort=True, dropna=False)
        .agg(
            activity=(ACTIVITY, "sum"),
            actual_cost=(COST, "sum"),
            expected_cost=("expected_cost", "sum"),
        )
        .reset_index()
    )
    currencies = (
        priced.drop_duplicates([*providers, *currency])
        .groupby(providers, sort=True, dropna=False)
        .size()
        .rename("currencies")
        .reset_index()
    )
    result = result.merge(currencies, on=providers, how="left")
    result = result.astype(
        {"activity": "float64", "actual_cost": "float64", "expected_cost": "float64"}
    )
    result["currencies"] = result["currencies"].astype("int64")
    result["cost_index"] = (
        100 * result["actual_cost"] / result["expected_cost"].where(result["expected_cost"] > 0)
    )
    return result[[*period, PROVIDER, *INDEX_COLUMNS]]


def provider_unit_costs(
    costs: pd.DataFrame, currency: Sequence[str] = CURRENCY, period: Sequence[str] = ()
) -> pd.DataFrame:
    """One unit cost per provider and currency: its cost / activity (NaN with no activity)."""
    keys = [*period, *currency, PROVIDER]
    summed = costs.groupby(keys, sort=True, dropna=False)[[ACTIVITY, COST]].sum().reset_index()
    activity = summed[ACTIVITY].astype("float64")
    summed["unit_cost"] = summed[COST].astype("float64") / activity.where(activity > 0)
    return summed


def unit_cost_spread(
    costs: pd.DataFrame, currency: Sequence[str] = CURRENCY, period: Sequence[str] = ()
) -> pd.DataFrame:
    """Per currency (and period): providers, activity, total cost, NAC and the 25th, 50th and
    75th percentiles and interquartile range of the providers' unit costs (definition 7)."""
    keys = [*period, *currency]
    nac = national_average_unit_costs(costs, currency, period)
    units = provider_unit_costs(costs, currency, period)
    rows = []
    for key, group in units.groupby(keys, sort=True, dropna=False):
        values = group["unit_cost"].dropna().to_numpy()
        p25, p50, p75 = (quantile(values, q) for q in (0.25, 0.5, 0.75))
        rows.append([*key, p25, p50, p75, p75 - p25])
    quartiles = pd.DataFrame(
        rows, columns=[*keys, "unit_cost_p25", "unit_cost_median", "unit_cost_p75", "unit_cost_iqr"]
    )
    quartiles = quartiles.astype({c: "float64" for c in SPREAD_COLUMNS[4:]})
    for column in keys:  # the merge needs the same key types on both sides
        quartiles[column] = quartiles[column].astype(nac[column].dtype)
    return nac.merge(quartiles, on=keys, how="left")[[*keys, *SPREAD_COLUMNS]]
