"""Disclosure control on fct_indicator_value-shaped rows: suppress, write back, audit."""

import pandas as pd

from frontline_stats.disclosure.indicator_rows import audit_rows, disclose_rows
from frontline_stats.disclosure.layout import INDICATOR_VALUE_LAYOUT as LAYOUT
from frontline_stats.disclosure.rules import SECONDARY_REASON

from .conftest import HAMPSHIRE, SURREY


def by_unit(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame[frame["indicator_code"] == "ks2_rwm"]
    return frame.set_index(frame["organisation_code"].fillna(frame["geography_code"]))


def test_suppressed_rows_lose_value_and_numerator_and_keep_a_safe_cohort(
    ks2_rows, registry, hierarchy
):
    out = by_unit(disclose_rows(ks2_rows, LAYOUT, registry, hierarchy))
    primary = "suppressed: fewer than 6 pupils (primary)"
    suppressed = out[out["status_symbol"] == "c"]
    assert dict(zip(suppressed.index, suppressed["status_reason"], strict=True)) == {
        "100001": primary,  # 2 pupils not meeting
        "100002": SECONDARY_REASON,  # Surrey's numerator less the others would give 100001
        "200002": "SUPP: suppressed by DfE; " + primary,  # cohort of 4
        "200001": SECONDARY_REASON,  # Hampshire's numerator would give 200002's
    }
    assert suppressed[["numerator", "value"]].isna().all().all()
    # a cohort of 30 stays: with the numerator hidden its row has two unknowns
    assert out.loc[["100001", "100002"], "denominator"].tolist() == [30, 30]
    assert pd.isna(out.at["200002", "denominator"])  # 4 pupils: below the threshold
    # Hampshire's cohort less 200001's would give 200002's: the one other school's goes too
    assert pd.isna(out.at["200001", "denominator"])
    assert out.loc[[SURREY, HAMPSHIRE], "value"].notna().all()


def test_rows_without_a_rule_and_the_column_types_are_unchanged(ks2_rows, registry, hierarchy):
    out = disclose_rows(ks2_rows, LAYOUT, registry, hierarchy)
    assert list(out.columns) == list(ks2_rows.columns)
    assert (out.dtypes == ks2_rows.dtypes).all()
    police = ks2_rows["indicator_code"] == "police_count"
    pd.testing.assert_frame_equal(out[police], ks2_rows[police])


def test_the_disclosed_rows_pass_the_audit_and_the_raw_rows_do_not(ks2_rows, registry, hierarchy):
    out = disclose_rows(ks2_rows, LAYOUT, registry, hierarchy)
    audit = audit_rows(out, LAYOUT, registry, hierarchy, "fct_indicator_value")
    assert audit.passed and audit.tables == 1
    before = audit_rows(ks2_rows, LAYOUT, registry, hierarchy, "fct_indicator_value")
    lines = [f.line() for f in before.findings]
    assert (
        "fct_indicator_value[ks2_rwm AY2018-19] | 200002 | denominator | "
        "published 4 is below the threshold of 6"
    ) in lines
    assert any(
        "| 100001 | complement | derivable 2 is below the threshold of 6" in x for x in lines
    )
    assert any(x.startswith("fct_indicator_value[ks2_rwm AY2018-19] | 200002 | numerator | "
                            "suppressed cell recoverable") for x in lines)  # fmt: skip


def test_a_value_left_beside_a_suppressed_count_is_a_finding(ks2_rows, registry, hierarchy):
    out = disclose_rows(ks2_rows, LAYOUT, registry, hierarchy)
    out.loc[out["organisation_code"] == "100001", "value"] = 28 / 30
    [finding] = audit_rows(out, LAYOUT, registry, hierarchy).findings
    assert (finding.row, finding.column) == ("100001", "value")
    assert "published beside a suppressed count" in finding.reason


def test_rounding_rounds_counts_and_count_values_but_not_rates(ks2_rows, registry, hierarchy):
    rounded = registry.rules["ks2_rwm"].__class__(threshold=None, rounding_base=5)
    registry.rules["ks2_rwm"] = rounded  # type: ignore[index]
    out = by_unit(disclose_rows(ks2_rows, LAYOUT, registry, hierarchy))
    assert out.loc[["100001", "100003", SURREY], "numerator"].tolist() == [30, 40, 90]
    assert out.at["100001", "value"] == 28 / 30  # the rate from the unrounded counts
    assert audit_rows(out.reset_index(drop=True), LAYOUT, registry, hierarchy).passed


def test_a_cohort_shared_by_two_indicators_is_hidden_in_both_or_neither(hierarchy):
    from frontline_stats.disclosure.indicator_rows import Registry

    from .conftest import COLUMNS, value_row

    cohort = "Pupils eligible for key stage 2 assessment"
    registry = Registry.from_frame(
        pd.DataFrame(
            {
                "indicator_code": ["a", "b"],
                "measure": ["proportion", "proportion"],
                "disclosure_threshold": [6, 3],
                "numerator_definition": ["meeting the expected standard", "higher standard"],
                "denominator_definition": [cohort, cohort],
            }
        )
    )
    counts = {"a": [10, 2, 15, 27], "b": [4, 2, 5, 11]}
    frame = pd.DataFrame(
        [
            value_row(code, unit, numerator, cohort_size)
            for code, numerators in counts.items()
            for unit, numerator, cohort_size in zip(
                ["100001", "100002", "100003", SURREY], numerators, [20, 4, 30, 54], strict=True
            )
        ],
        columns=COLUMNS,
    )
    out = disclose_rows(frame, LAYOUT, registry, hierarchy)
    hidden = out[out["denominator"].isna()].groupby("indicator_code")["organisation_code"]
    # a hides 100002's cohort of 4 (below 6) and, to protect it, 100001's; b (threshold 3)
    # would have published both, but the same cohorts are hidden there too
    assert hidden.apply(sorted).to_dict() == {"a": ["100001", "100002"], "b": ["100001", "100002"]}
    assert audit_rows(out, LAYOUT, registry, hierarchy).passed

    leaked = out.copy()
    leaked.loc[(leaked["indicator_code"] == "b") & (leaked["organisation_code"] == "100002"),
               "denominator"] = 4.0  # fmt: skip
    lines = [f.line() for f in audit_rows(leaked, LAYOUT, registry, hierarchy).findings]
    assert "a AY2018-19 | 100002 | denominator | suppressed cell known from " in ("\n".join(lines))
    assert any("denominator of b" in line for line in lines)


def test_a_cohort_published_by_an_indicator_without_a_rule_is_found(ks2_rows, hierarchy):
    from frontline_stats.disclosure.indicator_rows import Registry

    from .conftest import COLUMNS, value_row

    registry = Registry.from_frame(
        pd.DataFrame(
            {
                "indicator_code": ["ks2_rwm", "ks2_cohort"],
                "sector": ["education", "education"],
                "measure": ["proportion", "count"],
                "disclosure_threshold": [6, None],
                "numerator_definition": ["pupils meeting", "eligible pupils"],
                "denominator_definition": ["eligible pupils", None],
            }
        )
    )
    out = disclose_rows(ks2_rows, LAYOUT, registry, hierarchy)
    assert audit_rows(out, LAYOUT, registry, hierarchy).passed
    published = [*out.to_dict("records"), value_row("ks2_cohort", "200002", 4, None)]
    findings = audit_rows(pd.DataFrame(published, columns=COLUMNS), LAYOUT, registry, hierarchy)
    findings = findings.findings
    lines = [f.line() for f in findings]
    assert (
        "ks2_rwm AY2018-19 | 200002 | denominator | suppressed cell known from "
        "numerator of ks2_cohort (= 4)"
    ) in lines
    # and with it Hampshire's total gives away the one other school's cohort
    assert (
        "ks2_rwm AY2018-19 | 200001 | denominator | suppressed cell known from "
        "denominator of ks2_rwm, by subtraction (= 50)"
    ) in lines
