"""The NHS cost index (NCCI method) and the unit-cost quantiles, on figures worked by hand."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest

from frontline_stats.compare.cost_index import (
    cost_index,
    national_average_unit_costs,
    quantile,
    unit_cost_spread,
)

COLUMNS = ["organisation_code", "service_code", "currency_code", "activity", "total_cost"]

# Three trusts, two currencies (service Daycase: X and Y).
#   X: A 10 at 100 = 1,000   B 30 at 120 = 3,600   C 20 at 115 = 2,300
#   Y: A  5 at  20 =   100   B 15 at  60 =   900   C 10 at  50 =   500
# NAC_X = (1,000 + 3,600 + 2,300) / (10 + 30 + 20) = 6,900 / 60 = 115
# NAC_Y = (100 + 900 + 500) / (5 + 15 + 10)        = 1,500 / 30 = 50
# A: actual 1,100; expected 10 x 115 + 5 x 50  = 1,150 + 250 = 1,400; index 110,000 / 1,400
# B: actual 4,500; expected 30 x 115 + 15 x 50 = 3,450 + 750 = 4,200; index 450,000 / 4,200
# C: actual 2,800; expected 20 x 115 + 10 x 50 = 2,300 + 500 = 2,800; index 100 exactly: C
#    charges the national average in both currencies.
# Over all trusts actual = expected = 8,400: the weighted average index is 100.
COSTS = pd.DataFrame(
    [
        ("A", "Daycase", "X", 10, 1000.0),
        ("B", "Daycase", "X", 30, 3600.0),
        ("C", "Daycase", "X", 20, 2300.0),
        ("A", "Daycase", "Y", 5, 100.0),
        ("B", "Daycase", "Y", 15, 900.0),
        ("C", "Daycase", "Y", 10, 500.0),
    ],
    columns=COLUMNS,
)


def test_national_average_unit_cost_is_sum_cost_over_sum_activity() -> None:
    nac = national_average_unit_costs(COSTS).set_index("currency_code")
    assert nac.loc["X", "national_average_unit_cost"] == 115.0
    assert nac.loc["Y", "national_average_unit_cost"] == 50.0
    assert nac.loc["X", "providers"] == 3 and nac.loc["Y", "activity"] == 30


def test_cost_index_on_three_trusts_by_hand() -> None:
    index = cost_index(COSTS).set_index("organisation_code")
    assert index["actual_cost"].to_dict() == {"A": 1100.0, "B": 4500.0, "C": 2800.0}
    assert index["expected_cost"].to_dict() == {"A": 1400.0, "B": 4200.0, "C": 2800.0}
    assert index.loc["A", "cost_index"] == pytest.approx(110000 / 1400)  # 78.571...
    assert index.loc["B", "cost_index"] == pytest.approx(450000 / 4200)  # 107.142...
    assert index.loc["C", "cost_index"] == 100.0  # at national prices: exactly 100
    assert index["currencies"].to_dict() == {"A": 2, "B": 2, "C": 2}
    assert 100 * index["actual_cost"].sum() / index["expected_cost"].sum() == 100.0


def test_case_mix_matters_not_size() -> None:
    # D does B's work at B's prices, at ten times the volume: same index as B once NACs move.
    # X: NAC = (6,900 + 36,000) / (60 + 300) = 42,900 / 360; Y: (1,500 + 9,000) / (30 + 150) =
    # 10,500 / 180; B and D have the same activity mix, so the same actual / expected ratio.
    d = COSTS[COSTS["organisation_code"] == "B"].assign(
        organisation_code="D",
        activity=lambda f: f["activity"] * 10,
        total_cost=lambda f: f["total_cost"] * 10,
    )
    index = cost_index(pd.concat([COSTS, d])).set_index("organisation_code")["cost_index"]
    nac_x, nac_y = 42900 / 360, 10500 / 180
    assert index["B"] == pytest.approx(100 * 4500 / (30 * nac_x + 15 * nac_y))
    assert index["D"] == pytest.approx(index["B"])


def test_periods_are_priced_separately() -> None:
    later = COSTS.assign(financial_year="2024-25", total_cost=COSTS["total_cost"] * 2)
    both = pd.concat([COSTS.assign(financial_year="2023-24"), later])
    index = cost_index(both, period=["financial_year"])
    # doubling every cost doubles every NAC: the indices are the same in both years
    by_year = index.pivot(index="organisation_code", columns="financial_year", values="cost_index")
    assert by_year["2023-24"].tolist() == pytest.approx(by_year["2024-25"].tolist())


def test_a_currency_without_activity_is_left_out_of_actual_and_expected() -> None:
    extra = pd.DataFrame([("A", "Daycase", "Z", 0, 999.0)], columns=COLUMNS)
    index = cost_index(pd.concat([COSTS, extra])).set_index("organisation_code")
    assert index.loc["A", "actual_cost"] == 1100.0  # Z has no NAC: cannot be priced
    assert index.loc["A", "currencies"] == 2


def test_quantiles_by_hand_definition_7() -> None:
    # sorted 1, 2, 3, 10 (n = 4): h = (n - 1) q
    # q = 0.25: h = 0.75 -> 1 + 0.75 x (2 - 1) = 1.75
    # q = 0.50: h = 1.5  -> 2 + 0.5 x (3 - 2)  = 2.5
    # q = 0.75: h = 2.25 -> 3 + 0.25 x (10 - 3) = 4.75
    values = [10, 2, 1, 3]
    assert [quantile(values, q) for q in (0.25, 0.5, 0.75)] == [1.75, 2.5, 4.75]
    assert quantile([7.0], 0.25) == 7.0 and np.isnan(quantile([], 0.5))
    assert quantile([1, 2, 3, 10], 0) == 1 and quantile([1, 2, 3, 10], 1) == 10
    # the same definition as numpy's "linear" method and DuckDB's quantile_cont
    for q in (0.25, 0.5, 0.75):
        assert quantile(values, q) == np.quantile(values, q, method="linear")
        [(duck,)] = (
            duckdb.connect()
            .execute(f"select quantile_cont(v, {q}) from (values (10), (2), (1), (3)) t(v)")
            .fetchall()
        )
        assert quantile(values, q) == duck
    with pytest.raises(ValueError):
        quantile(values, 1.5)


def test_unit_cost_spread_by_hand() -> None:
    # X unit costs: A 100, B 120, C 115 -> sorted 100, 115, 120 (n = 3, h = 2q)
    #   p25: h = 0.5 -> 100 + 0.5 x 15 = 107.5; median 115; p75: h = 1.5 -> 115 + 0.5 x 5 = 117.5
    # Y unit costs: A 20, B 60, C 50 -> sorted 20, 50, 60
    #   p25: 20 + 0.5 x 30 = 35; median 50; p75: 50 + 0.5 x 10 = 55
    spread = unit_cost_spread(COSTS).set_index("currency_code")
    assert spread.loc["X", ["unit_cost_p25", "unit_cost_median", "unit_cost_p75"]].tolist() == [
        107.5,
        115.0,
        117.5,
    ]
    assert spread.loc["X", "unit_cost_iqr"] == 10.0
    assert spread.loc["Y", ["unit_cost_p25", "unit_cost_median", "unit_cost_p75"]].tolist() == [
        35.0,
        50.0,
        55.0,
    ]
    assert spread.loc["Y", "unit_cost_iqr"] == 20.0
    assert spread.loc["X", "national_average_unit_cost"] == 115.0
    assert spread.loc["Y", "providers"] == 3


def test_no_rows_give_empty_typed_frames() -> None:
    empty = COSTS.iloc[0:0]
    assert cost_index(empty).empty and unit_cost_spread(empty).empty
    assert cost_index(empty)["cost_index"].dtype == "float64"
