"""Subtraction with bounds: withheld cells known to lie in 1..5 (threshold 6), worked by hand."""

import math

from frontline_stats.disclosure.audit import audit_table
from frontline_stats.disclosure.bounds import narrow, pinned
from frontline_stats.disclosure.rules import DisclosureRule
from frontline_stats.disclosure.table import PUBLISHER, Table

SMALL = (1.0, 5.0)  # a cohort withheld under a threshold of 6


def la_over_schools(total: float | None, published: list[float], withheld: int) -> Table:
    """An LA total over published school cohorts and ``withheld`` cohorts bounded to 1..5."""
    table = Table("t")
    table.add_cell("LA", "pupils", total)
    if total is None:
        table.suppress(("LA", "pupils"), PUBLISHER)
    members = []
    for i, value in enumerate(published):
        table.add_cell(f"s{i}", "pupils", value)
        members.append((f"s{i}", "pupils"))
    for i in range(withheld):
        key = (f"w{i}", "pupils")
        table.add_cell(key[0], "pupils", None, published=False)
        table.suppress(key, PUBLISHER)
        table.bounds[key] = SMALL
        members.append(key)
    table.add_constraint(("LA", "pupils"), members, "pupils: LA = sum of schools")
    return table


def known(table: Table) -> dict:
    return {key: table.cells[key].value for key in table.known()}


def pins(table: Table) -> dict[str, float]:
    return {r.cell[0]: r.value for r in pinned(table, known(table), table.bounds)}


def test_two_withheld_cohorts_adding_up_to_10_are_both_5():
    # Surrey 2017-18: DfE's LA TELIG 12,122 less 12,112 published = 10 over two withheld cohorts
    table = la_over_schools(12122, [12000, 112], withheld=2)
    assert pins(table) == {"w0": 5.0, "w1": 5.0}


def test_two_withheld_cohorts_adding_up_to_2_are_both_1():
    assert pins(la_over_schools(32, [30], withheld=2)) == {"w0": 1.0, "w1": 1.0}


def test_a_sum_inside_the_range_pins_nothing_but_narrows():
    # 9 over two cohorts of 1..5: each is 4 or 5, neither known
    table = la_over_schools(39, [30], withheld=2)
    assert pins(table) == {}
    result = narrow(table, known(table), table.bounds)
    assert result.intervals[("w0", "pupils")] == (4, 5)
    assert result.intervals[("w1", "pupils")] == (4, 5)


def test_a_withheld_total_pins_nothing():
    table = la_over_schools(None, [30], withheld=2)
    assert pins(table) == {}
    # the reader only learns the total lies within 32..40
    assert narrow(table, known(table), table.bounds).intervals[("LA", "pupils")] == (32, 40)


def test_a_total_that_cannot_be_the_sum_is_set_aside():
    # Frontline's LA denominator leaves withheld schools out: 30 = 30 + two cohorts of 1..5
    # is impossible, so the total is not an exact sum of these rows and proves nothing
    table = la_over_schools(30, [30], withheld=2)
    result = narrow(table, known(table), table.bounds)
    assert [c.label for c in result.set_aside] == ["pupils: LA = sum of schools"]
    assert pins(table) == {}


def test_without_bounds_nothing_is_assumed_not_even_non_negativity():
    table = la_over_schools(30, [30], withheld=2)
    table.bounds.clear()
    assert pinned(table, known(table), table.bounds) == []
    assert narrow(table, known(table), {}).intervals.get(("w0", "pupils"), (-math.inf,))[0] == (
        -math.inf
    )


def test_bounds_chain_through_a_second_total():
    # w0 + w1 = 10 pins both to 5; then a second total w0 + x = 12 gives x = 7 by subtraction
    table = la_over_schools(10, [], withheld=2)
    table.add_cell("x", "pupils", None, published=False)
    table.suppress(("x", "pupils"), PUBLISHER)
    table.add_cell("other", "pupils", 12)
    table.add_constraint(("other", "pupils"), [("w0", "pupils"), ("x", "pupils")], "other = w0+x")
    assert pins(table) == {"w0": 5.0, "w1": 5.0, "x": 7.0}


def test_the_audit_reports_a_pinned_cell_on_one_line():
    table = la_over_schools(12122, [12112], withheld=2)
    findings = audit_table(table, DisclosureRule(threshold=6))
    assert [f.line() for f in findings] == [
        f"t | w{i} | pupils | suppressed cell pinned down by subtraction along pupils: LA = sum "
        f"of schools, it being withheld as 1 to 5 (= 5)"
        for i in (0, 1)
    ]
