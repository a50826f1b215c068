"""The disclosure config in dbt `meta`: fct_indicator_value's, and errors in a bad one."""

from pathlib import Path

import pytest
import yaml

from orchestration.disclosure.layout import INDICATOR_VALUE_LAYOUT, Layout, LayoutError
from orchestration.paths import PROJECT_DIR

FACTS_YML = Path(PROJECT_DIR) / "models" / "marts" / "facts" / "_facts__models.yml"


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
