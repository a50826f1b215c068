"""Primary and secondary suppression, rounding and zeros on small hand-made tables."""

import pandas as pd
import pytest

from frontline_stats.disclosure.audit import audit_table
from frontline_stats.disclosure.hierarchy import Hierarchy, Unit
from frontline_stats.disclosure.rules import DisclosureRule, rule_from_registry_row
from frontline_stats.disclosure.suppression import primary_suppression, protect
from frontline_stats.disclosure.table import (
    PRIMARY,
    SECONDARY,
    Complement,
    hierarchy_table,
    two_way_table,
)

RULE = DisclosureRule(threshold=5)


def reasons(table):
    return {key: table.cells[key].reason for key in table.suppressed()}


def test_one_small_cell_in_a_row_with_a_total_takes_a_second_cell_with_it():
    body = pd.DataFrame(
        {"a": [3, 20, 30], "b": [15, 25, 35], "c": [12, 22, 32]}, index=["r1", "r2", "r3"]
    )
    table = protect(two_way_table("t", body), RULE)
    # r1: a is primary; its row total would give it away, so the smallest other non-zero
    # member of the row (c = 12) goes too; then columns a and c each hold one unknown, so the
    # smallest other member of each goes (r2: 20 and 22), which also leaves row r2 with two
    assert reasons(table) == {
        ("r1", "a"): PRIMARY,
        ("r1", "c"): SECONDARY,
        ("r2", "a"): SECONDARY,
        ("r2", "c"): SECONDARY,
    }
    assert all(table.cells[("total", c)].published for c in ("a", "b", "c", "total"))
    assert audit_table(table, RULE) == []


def test_two_small_cells_in_every_line_need_no_secondary_suppression():
    body = pd.DataFrame(
        {"a": [3, 4, 30], "b": [2, 1, 35], "c": [12, 22, 32]}, index=["x", "y", "z"]
    )
    table = protect(two_way_table("t", body), RULE)
    assert set(reasons(table).values()) == {PRIMARY}
    assert table.suppressed() == [("x", "a"), ("x", "b"), ("y", "a"), ("y", "b")]
    assert audit_table(table, RULE) == []


def test_true_zeros_are_published_and_never_picked_while_a_non_zero_cell_is_left():
    body = pd.DataFrame({"a": [2, 0, 9], "b": [0, 7, 6], "c": [10, 8, 0]}, index=["p", "q", "r"])
    assert primary_suppression(two_way_table("u", body), RULE) == [("p", "a")]
    table = protect(two_way_table("t", body), RULE)
    # row p: a (2) is primary; the zero in b stays, c (10) goes; column a: q is 0, r (9) goes
    assert reasons(table) == {
        ("p", "a"): PRIMARY,
        ("p", "c"): SECONDARY,
        ("r", "a"): SECONDARY,
        ("q", "c"): SECONDARY,  # column c: p hidden, r is 0, so q (8)
        ("q", "b"): SECONDARY,  # row q: a is 0, so b (7)
        ("r", "b"): SECONDARY,  # column b: p is 0, so r (6)
    }
    assert all(table.cells[key].published for key in [("p", "b"), ("q", "a"), ("r", "c")])
    assert audit_table(table, RULE) == []


def test_ties_are_broken_by_row_key_so_the_result_is_deterministic():
    body = pd.DataFrame({"a": [1, 10, 10]}, index=["s3", "s2", "s1"])
    table = protect(two_way_table("t", body), RULE)
    # column a: s3 (1) is primary; s1 and s2 tie at 10, s1 comes first
    assert reasons(table)[("s1", "a")] == SECONDARY
    assert table.cells[("s2", "a")].published


@pytest.mark.parametrize(
    ("value", "rounded"),
    [(0, 0), (2, 0), (2.5, 5), (3, 5), (7, 5), (7.5, 10), (12, 10), (12.5, 15), (13, 15)],
)
def test_rounding_is_half_up_to_the_nearest_multiple_of_the_base(value, rounded):
    assert DisclosureRule(rounding_base=5).rounded(value) == rounded


def test_without_a_base_nothing_is_rounded_and_the_audit_flags_unrounded_counts():
    assert DisclosureRule(threshold=5).rounded(13) == 13
    rule = DisclosureRule(threshold=8, rounding_base=5)
    body = pd.DataFrame({"a": [10, 15], "b": [20, 25]}, index=["r1", "r2"])
    assert audit_table(two_way_table("t", body), rule) == []
    body.loc["r2", "b"] = 23  # margins as published: rounded independently
    margins = {"row_totals": {"r1": 30, "r2": 40}, "column_totals": {"a": 25, "b": 45}}
    [finding] = audit_table(two_way_table("t", body, **margins, grand_total=70), rule)
    assert (finding.row, finding.column) == ("r2", "b")
    assert "not rounded to base 5" in finding.reason


def test_registry_rows_give_rules_with_the_default_symbol():
    row = {"indicator_code": "k", "sector": "education", "disclosure_threshold": 6.0}
    rule = rule_from_registry_row(row)
    assert rule == DisclosureRule(threshold=6, rounding_base=None, symbol="c", counted="pupils")
    assert rule.primary_reason == "suppressed: fewer than 6 pupils (primary)"
    assert rule_from_registry_row({"indicator_code": "p", "disclosure_threshold": None}) is None
    assert not rule.is_small(0) and rule.is_small(1) and rule.is_small(5) and not rule.is_small(6)


def test_a_hierarchy_of_schools_las_and_england_is_protected_at_every_level():
    hierarchy = Hierarchy(
        area_parent={"LA1": "REG", "LA2": "REG", "REG": "ENG", "ENG": None},
        organisation_area={"s1": "LA1", "s2": "LA1", "s3": "LA1", "s4": "LA2", "s5": "LA2"},
    )
    units = [Unit(k, None, k) for k in ("s1", "s2", "s3", "s4", "s5")] + [
        Unit(k, k, None) for k in ("LA1", "LA2", "ENG")
    ]
    parents = hierarchy.parents(units)
    # no region row in the table: the LAs add up to England directly
    assert parents == {
        "s1": "LA1", "s2": "LA1", "s3": "LA1", "s4": "LA2", "s5": "LA2",
        "LA1": "ENG", "LA2": "ENG",
    }  # fmt: skip
    pupils = pd.DataFrame(
        {"pupils": [3, 40, 25, 2, 2, 68, 4, 72]},
        index=["s1", "s2", "s3", "s4", "s5", "LA1", "LA2", "ENG"],
    )
    table = protect(hierarchy_table("t", pupils, parents), RULE)
    assert reasons(table) == {
        ("s1", "pupils"): PRIMARY,
        ("s3", "pupils"): SECONDARY,  # LA1 = s1 + s2 + s3: the smaller other school
        ("s4", "pupils"): PRIMARY,
        ("s5", "pupils"): PRIMARY,
        ("LA2", "pupils"): PRIMARY,
        ("LA1", "pupils"): SECONDARY,  # England = LA1 + LA2 would give LA2 away
    }
    # LA1 = s1 + s2 + s3 now has three unknowns, LA2 = s4 + s5 three, England = LA1 + LA2 two
    assert table.cells[("ENG", "pupils")].published
    assert audit_table(table, RULE) == []


def test_a_complement_below_the_threshold_hides_the_numerator_but_not_the_cohort():
    counts = pd.DataFrame(
        {"numerator": [28, 20, 48], "denominator": [30, 30, 60]}, index=["a", "b", "LA"]
    )
    table = hierarchy_table(
        "t", counts, {"a": "LA", "b": "LA"}, [Complement("numerator", "denominator")]
    )
    protect(table, DisclosureRule(threshold=6))
    assert reasons(table) == {
        ("a", "complement"): PRIMARY,  # 2 pupils not meeting the standard
        ("a", "numerator"): SECONDARY,  # a's cohort less its numerator would give it back
        ("b", "numerator"): SECONDARY,  # the LA's numerator less b's would give a's back
    }
    # b's complement is unknown too (its numerator is), so the complement column has two
    assert table.cells[("a", "denominator")].published
    assert audit_table(table, DisclosureRule(threshold=6)) == []
