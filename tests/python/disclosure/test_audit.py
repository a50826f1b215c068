"""The audit: iterated subtraction across rows and columns, and the property that protects."""

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from frontline_stats.disclosure.audit import audit_table
from frontline_stats.disclosure.elimination import eliminate
from frontline_stats.disclosure.rules import DisclosureRule
from frontline_stats.disclosure.suppression import primary_suppression, protect
from frontline_stats.disclosure.table import PUBLISHER, Complement, hierarchy_table, two_way_table

RULE = DisclosureRule(threshold=5)


def published_table():
    body = pd.DataFrame(
        {"a": [3, 12, 30], "b": [15, 4, 35], "c": [12, 22, 32]}, index=["r1", "r2", "r3"]
    )
    return two_way_table("published", body)


def test_a_cell_found_only_by_a_row_then_a_column_is_reported():
    table = published_table()
    # r1 hides a only; r2 hides a and b: neither r2's row nor column a alone gives (r2, a) ...
    for key in [("r1", "a"), ("r2", "a"), ("r2", "b")]:
        table.suppress(key, PUBLISHER)
    table.cells[("r1", "a")].value = None  # the reader's copy: hidden cells have no value
    findings = {(f.row, f.column): f.reason for f in audit_table(table, DisclosureRule())}
    # ... but row r1 gives (r1, a), then column a gives (r2, a), then row r2 gives (r2, b)
    assert set(findings) == {("r1", "a"), ("r2", "a"), ("r2", "b")}
    assert "row r1: total = sum of columns (= 3)" in findings[("r1", "a")]
    assert "column a: total = sum of rows (= 12)" in findings[("r2", "a")]
    order = [r.cell for r in eliminate(table, table.known())]
    assert order.index(("r1", "a")) < order.index(("r2", "a")) < order.index(("r2", "b"))


def test_the_audit_catches_a_table_with_primary_suppression_only():
    table = published_table()
    assert primary_suppression(table, RULE) == [("r1", "a"), ("r2", "b")]
    lines = [f.line() for f in audit_table(table, RULE)]
    assert lines == [
        "published | r1 | a | suppressed cell recoverable by subtraction along "
        "row r1: total = sum of columns (= 3)",
        "published | r2 | b | suppressed cell recoverable by subtraction along "
        "row r2: total = sum of columns (= 4)",
    ]


def test_the_audit_reports_published_cells_below_the_threshold():
    [finding] = audit_table(published_table(), DisclosureRule(threshold=4))
    assert finding.line() == "published | r1 | a | published 3 is below the threshold of 4"


def test_a_protected_table_passes_the_audit():
    table = protect(published_table(), RULE)
    assert audit_table(table, RULE) == []


tables = st.integers(1, 6).flatmap(
    lambda rows: st.integers(1, 5).flatmap(
        lambda columns: st.lists(
            st.lists(st.integers(0, 30), min_size=columns, max_size=columns),
            min_size=rows,
            max_size=rows,
        )
    )
)


@settings(max_examples=300, deadline=None)
@given(values=tables, threshold=st.integers(1, 12))
def test_any_table_with_margins_passes_the_audit_after_suppression(values, threshold):
    rule = DisclosureRule(threshold=threshold)
    body = pd.DataFrame(values).add_prefix("c").set_axis([f"r{i}" for i in range(len(values))])
    table = protect(two_way_table("random", body), rule)
    assert audit_table(table, rule) == []
    # and no suppressed cell's value was needed to say so: the reader's view passes too
    for key in table.suppressed():
        table.cells[key].value = None
    assert audit_table(table, rule) == []


@settings(max_examples=200, deadline=None)
@given(
    cohorts=st.lists(st.tuples(st.integers(0, 40), st.floats(0, 1)), min_size=1, max_size=12),
    areas=st.integers(1, 3),
    threshold=st.integers(2, 10),
)
def test_any_hierarchy_of_proportions_passes_the_audit_after_suppression(cohorts, areas, threshold):
    """Schools -> areas -> England, numerator and denominator, complement in every row."""
    rule = DisclosureRule(threshold=threshold)
    schools = pd.DataFrame(
        {
            "numerator": [int(np.floor(d * share)) for d, share in cohorts],
            "denominator": [d for d, _ in cohorts],
        },
        index=[f"s{i:02d}" for i in range(len(cohorts))],
    )
    parent = {school: f"A{i % areas}" for i, school in enumerate(schools.index)}
    area_rows = schools.groupby(parent).sum()
    parent |= {area: "ENG" for area in area_rows.index}
    england = area_rows.sum().to_frame("ENG").T
    counts = pd.concat([schools, area_rows, england])
    table = hierarchy_table("random", counts, parent, [Complement("numerator", "denominator")])
    protect(table, rule)
    assert audit_table(table, rule) == []
