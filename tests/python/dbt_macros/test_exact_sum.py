"""macros/exact_sum.sql: a sum of fractions that does not depend on the order rows arrive in.

A plain float sum does depend on it ((0.1 + 0.2) + 0.3 != (0.3 + 0.2) + 0.1), and DuckDB's
threads deliver rows in varying order, which once made two releases of the same inputs differ
in the last bit of the councils' IMD average scores.
"""

from pathlib import Path

import duckdb
import jinja2
import pytest

MACRO = Path(__file__).parents[3] / "macros" / "exact_sum.sql"


def _render(call: str) -> str:
    return jinja2.Environment().from_string(MACRO.read_text() + "{{ " + call + " }}").render()


def _sum_in_order(expression: str, values: list[float]) -> float:
    con = duckdb.connect()
    con.execute("set threads = 1")  # one thread: rows are added in the order the subquery gives
    rows = ", ".join(f"({i}, cast({v!r} as double))" for i, v in enumerate(values))
    query = (
        f"select {expression} from (select x from (values {rows}) as t(k, x) order by k) as ordered"
    )
    return con.execute(query).fetchall()[0][0]


@pytest.mark.parametrize("values", [[0.1, 0.2, 0.3], [1e8, 1e-3, 2.5e-3, -1e8, 0.7]])
def test_exact_sum_is_the_same_in_any_order_where_a_float_sum_is_not(values):
    forwards, backwards = values, values[::-1]
    # the premise: a plain sum gives different bits in the two orders
    assert _sum_in_order("sum(x)", forwards) != _sum_in_order("sum(x)", backwards)

    exact = _render("exact_sum('x')")
    assert _sum_in_order(exact, forwards) == _sum_in_order(exact, backwards)
    assert _sum_in_order(exact, forwards) == pytest.approx(sum(values), abs=1e-9)


def test_exact_sum_keeps_ten_decimal_places_by_default():
    exact = _render("exact_sum('x')")
    assert _sum_in_order(exact, [1 / 3, 1 / 3]) == 0.6666666666  # each term fixed to 10 places
    assert "decimal(38, 4)" in _render("exact_sum('x', scale=4)")
