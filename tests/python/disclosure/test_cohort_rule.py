"""A threshold on the cohort only (DfE's rule for school results), on hand-made tables.

Schools s1..s4 in one LA; columns: pupils meeting the standard (numerator) and the cohort
(denominator); the complement (not meeting) is derived. Threshold 6 on the denominator.
"""

import pandas as pd

from frontline_stats.disclosure.audit import audit_table
from frontline_stats.disclosure.rules import DisclosureRule, rule_from_registry_row
from frontline_stats.disclosure.suppression import protect
from frontline_stats.disclosure.table import PRIMARY, SECONDARY, Complement, hierarchy_table

COHORT_RULE = DisclosureRule(threshold=6, threshold_column="denominator")
COMPLEMENT = [Complement(part="numerator", total="denominator")]


def schools(rows: dict[str, tuple[int, int]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, index=["numerator", "denominator"]).T.astype(float)
    frame.loc["LA"] = frame.sum()
    return frame


def table_of(rows):
    values = schools(rows)
    parent = {code: "LA" for code in rows}
    return hierarchy_table("ks2", values, parent, COMPLEMENT)


def test_a_small_numerator_in_a_large_cohort_is_published():
    # s1: 3 of 30 meet the higher standard; every cohort is 6 or more: nothing is suppressed
    table = protect(table_of({"s1": (3, 30), "s2": (10, 40), "s3": (5, 25)}), COHORT_RULE)
    assert table.suppressed() == []
    assert audit_table(table, COHORT_RULE) == []


def test_a_small_cohort_takes_its_row_and_a_partner_school_goes_to_protect_it():
    # s1's cohort (4) is below 6: its numerator, cohort and complement are suppressed; the LA
    # total minus s2 and s3 would give them back, so the smallest other school's numerator
    # (s3: 5) goes too, and with it what its row and the LA column would reveal
    table = protect(table_of({"s1": (2, 4), "s2": (10, 40), "s3": (5, 25)}), COHORT_RULE)
    reasons = {key: table.cells[key].reason for key in table.suppressed()}
    assert {k: v for k, v in reasons.items() if k[0] == "s1"} == {
        ("s1", "numerator"): PRIMARY,
        ("s1", "denominator"): PRIMARY,
        ("s1", "complement"): PRIMARY,
    }
    assert ("s3", "numerator") in reasons and reasons[("s3", "numerator")] == SECONDARY
    assert audit_table(table, COHORT_RULE) == []


def test_the_audit_flags_a_result_published_beside_a_small_cohort():
    table = table_of({"s1": (2, 4), "s2": (10, 40), "s3": (5, 25), "s4": (1, 5)})
    findings = audit_table(table, COHORT_RULE)
    lines = {(f.row, f.column) for f in findings}
    assert ("s1", "numerator") in lines and ("s1", "denominator") in lines
    assert ("s4", "numerator") in lines
    assert ("s2", "numerator") not in lines  # 10 of 40: published under DfE's rule


def test_registry_column_chooses_the_rule():
    row = {
        "indicator_code": "ks2",
        "measure": "proportion",
        "sector": "education",
        "disclosure_threshold": 6,
        "disclosure_threshold_applies_to": "denominator",
    }
    assert rule_from_registry_row(row).threshold_column == "denominator"
    assert (
        rule_from_registry_row({**row, "disclosure_threshold_applies_to": ""}).threshold_column
        is None
    )
    # a count's rule is on the count itself, whatever the column says
    counted = {**row, "measure": "count"}
    assert rule_from_registry_row(counted).threshold_column is None


def test_a_wide_school_mart_is_audited_on_its_own_cohort_column():
    """rpt_education_ks2_school_results names the cohort eligible_pupils: the registry's cohort
    rule applies to it (the layout's complement total), so a cohort of 4 published beside a
    suppressed result is a finding, and the same row with the cohort withheld is not."""
    from frontline_stats.disclosure.indicator_rows import Registry, audit_rows
    from frontline_stats.disclosure.layout import Layout

    layout = Layout.from_meta(
        {
            "indicator": "ks2",
            "period_column": "period_key",
            "unit_columns": ["urn"],
            "count_columns": ["pupils", "eligible_pupils"],
            "complement": {"part": "pupils", "total": "eligible_pupils"},
            "value_column": "value",
            "status_column": "status",
        },
        where="test",
    )
    registry = Registry(
        rules={"ks2": DisclosureRule(threshold=6, threshold_column="denominator")},
        measures={"ks2": "proportion"},
    )
    mart = pd.DataFrame(
        {
            "period_key": ["AY2018-19"] * 3,
            "urn": ["1", "2", "3"],
            "pupils": [None, 10.0, 3.0],
            "eligible_pupils": [4.0, 40.0, 30.0],
            "value": [None, 0.25, 0.1],
            "status": ["c", None, None],
        }
    )
    findings = audit_rows(mart, layout, registry).findings
    assert [(f.row, f.column) for f in findings] == [("1", "eligible_pupils")]
    withheld = mart.assign(eligible_pupils=[None, 40.0, 30.0])
    assert audit_rows(withheld, layout, registry).findings == []
