"""The disclosure config in dbt `meta`: fct_indicator_value's, and errors in a bad one."""

from pathlib import Path

import pytest
import yaml

from frontline_stats.disclosure.layout import INDICATOR_VALUE_LAYOUT, Layout, LayoutError
from orchestration.paths import PROJECT_DIR

FACTS_YML = Path(PROJECT_DIR) / "models" / "core" / "facts" / "_facts__models.yml"


def test_fct_indicator_value_declares_the_layout_the_dbt_model_applies():
    models = {m["name"]: m for m in yaml.safe_load(FACTS_YML.read_text())["models"]}
    meta = models["fct_indicator_value"]["config"]["meta"]["disclosure"]
    assert Layout.from_meta(meta, where="fct_indicator_value") == INDICATOR_VALUE_LAYOUT


def test_a_school_results_mart_with_totals_needs_only_a_few_keys():
    layout = Layout.from_meta(
        {
            "indicator": "ks2_rwm_expected_standard",
            "period_column": "academic_year",
            "unit_columns": ["urn", "la_code"],
            "count_columns": ["pupils_eligible", "pupils_meeting_rwm"],
            "complement": {"part": "pupils_meeting_rwm", "total": "pupils_eligible"},
            "hierarchy": {"organisation": "urn", "area": "la_code"},
        },
        where="rpt_school_ks2",
    )
    assert layout.complements[0].applies_to("anything")
    assert layout.columns == [
        "academic_year", "urn", "la_code", "pupils_eligible", "pupils_meeting_rwm",
    ]  # fmt: skip


def test_a_mart_of_totals_names_the_members_they_add_up():
    layout = Layout.from_meta(
        {
            "indicator_column": "indicator_code",
            "period_column": "period_key",
            "unit_columns": ["la_code"],
            "count_columns": ["pupils_included", "pupils_left_out", "la_pupils"],
            "cohort_column": "pupils_included",
            "members": {
                "model": "rpt_schools",
                "unit_column": "urn",
                "area_column": "la_code",
                "count_column": "eligible_pupils",
                "totals": ["la_pupils"],
                "left_out_totals": ["pupils_left_out"],
                "value_columns": {"ks2_rwm": "rwm_value"},
            },
        },
        where="rpt_la",
    )
    members = layout.members
    assert (members.period_column, members.value_column("ks2_rwm")) == ("period_key", "rwm_value")
    assert members.value_column("other") is None
    assert members.columns == ["urn", "la_code", "period_key", "eligible_pupils", "rwm_value"]


MEMBERS = {"model": "m", "unit_column": "u", "area_column": "a", "count_column": "c"}


@pytest.mark.parametrize(
    ("meta", "message"),
    [
        (
            {"indicator": "i", "period_column": "p", "unit_columns": ["u"], "count_columns": ["n"],
             "cohort_column": "d"},
            r"cohort_column d must be one of count_columns \['n'\]",
        ),
        (
            {"indicator": "i", "period_column": "p", "unit_columns": ["u"], "count_columns": ["n"],
             "members": MEMBERS},
            "members: give totals or left_out_totals",
        ),
        (
            {"indicator": "i", "period_column": "p", "unit_columns": ["u"], "count_columns": ["n"],
             "members": {**MEMBERS, "totals": ["t"]}},
            r"members: totals \['t'\] must be count_columns",
        ),
        (
            {"indicator": "i", "period_column": "p", "unit_columns": ["u"], "count_columns": ["n"],
             "members": {**MEMBERS, "left_out_totals": ["n"]}},
            "members: left_out_totals need value_columns",
        ),
        (
            {"indicator": "i", "period_column": "p", "unit_columns": ["u"], "count_columns": ["n"],
             "members": {**MEMBERS, "totals": ["n"], "sums": ["n"]}},
            r"members: unknown key\(s\) \['sums'\]",
        ),
    ],
)  # fmt: skip
def test_a_bad_members_config_names_the_model_and_the_problem(meta, message):
    with pytest.raises(LayoutError, match=rf"^models/x\.yml: meta\.disclosure: {message}"):
        Layout.from_meta(meta, where="models/x.yml")


@pytest.mark.parametrize(
    ("meta", "message"),
    [
        ({"period_column": "p", "unit_columns": ["u"], "count_columns": ["n"]}, "exactly one"),
        (
            {"indicator": "i", "period_column": "p", "unit_columns": ["u"], "count_column": ["n"]},
            r"unknown key\(s\) \['count_column'\]",
        ),
        (
            {"indicator": "i", "period_column": "p", "unit_columns": ["u"], "count_columns": ["n"],
             "complement": {"part": "n", "total": "d"}},
            "must be count_columns",
        ),
    ],
)  # fmt: skip
def test_a_bad_config_names_the_model_and_the_problem(meta, message):
    with pytest.raises(LayoutError, match=rf"^models/x\.yml: meta\.disclosure: .*{message}"):
        Layout.from_meta(meta, where="models/x.yml")
