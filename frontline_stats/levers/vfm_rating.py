"""Top inspection-style grade reserved for good value for money: a configurable rule.

A rule (seed vfm_rating_rules) names, for one organisation type, a grade indicator and a
value-for-money (VfM) indicator.

- Grade without the rule: the LAIT quartile band of the grade indicator over all organisations
  of the type, as an inspection-style grade: A -> 4 outstanding, B -> 3 good, C -> 2 requires
  improvement, D -> 1 inadequate.
- VfM band: the LAIT quartile band (frontline_stats.compare.positions.quartile_band) of the VfM
  indicator over all organisations of the type with a value in the VfM period. Spend measures
  have no polarity in the registry, so the rule says which way is good value (vfm_better).
- VfM period: the grade period itself if the VfM indicator has it; else the latest VfM period
  that ends on or before the grade period ends (a year ending December 2019 grade is set
  against 2018-19 spend, the last full financial year inside it); else none.
- Grade with the rule: 4 is kept only when the VfM band is one of top_grade_vfm_bands, else it
  becomes 3; a 3 becomes 4 when the VfM band is one of promote_with_vfm_bands (empty: never);
  an organisation with no VfM value cannot keep or gain a 4. Grades 1 and 2 are not touched.
"""

import pandas as pd

from frontline_stats.compare.positions import quartile_band

GRADE_OF_BAND = {"A": 4, "B": 3, "C": 2, "D": 1}
GRADE_LABELS = {4: "outstanding", 3: "good", 2: "requires improvement", 1: "inadequate"}
TOP_GRADE = 4
POLARITY_OF_VFM_BETTER = {"lower": "lower_is_better", "higher": "higher_is_better"}

VALUE_COLUMNS = [
    "organisation_type",
    "organisation_code",
    "organisation_name",
    "indicator_code",
    "period_key",
    "value",
    "quartile_band",
]

RATING_COLUMNS = [
    "rule_id",
    "organisation_type",
    "organisation_code",
    "organisation_name",
    "grade_indicator_code",
    "grade_period_key",
    "grade_value",
    "grade_band",
    "grade_before",
    "grade_before_label",
    "vfm_indicator_code",
    "vfm_period_key",
    "vfm_better",
    "vfm_value",
    "vfm_band",
    "top_grade_vfm_bands",
    "promote_with_vfm_bands",
    "grade_after",
    "grade_after_label",
    "change",
    "reason",
]


def vfm_ratings(rules: pd.DataFrame, values: pd.DataFrame, periods: pd.DataFrame) -> pd.DataFrame:
    """One row per rule x organisation with a grade band (RATING_COLUMNS).

    values: VALUE_COLUMNS, one row per organisation x indicator x period (quartile_band as the
    comparison engine gave it; only the grade indicator's is used). periods: period_key,
    period_end (dim_period).
    """
    ends = dict(zip(periods["period_key"], pd.to_datetime(periods["period_end"]), strict=True))
    frames = [_apply_rule(rule, values, ends) for rule in rules.itertuples()]
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=RATING_COLUMNS)
    return pd.concat(frames, ignore_index=True)[RATING_COLUMNS]


def parse_bands(text) -> frozenset[str]:
    """'A;B' -> {'A', 'B'}; empty or missing -> no bands."""
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return frozenset()
    bands = frozenset(b.strip().upper() for b in str(text).split(";") if b.strip())
    unknown = bands - set(GRADE_OF_BAND)
    if unknown:
        raise ValueError(f"bands must be among A, B, C, D separated by ';'; got {text!r}")
    return bands


def vfm_period(grade_period: str, vfm_periods: list[str], ends: dict) -> str | None:
    """The VfM period set against a grade period (see the module docstring)."""
    if grade_period in vfm_periods:
        return grade_period
    grade_end = ends.get(grade_period)
    earlier = [
        p for p in vfm_periods if p in ends and grade_end is not None and ends[p] <= grade_end
    ]
    return max(earlier, key=lambda p: ends[p]) if earlier else None


def _apply_rule(rule, values: pd.DataFrame, ends: dict) -> pd.DataFrame:
    if rule.vfm_better not in POLARITY_OF_VFM_BETTER:
        raise ValueError(f"rule {rule.rule_id}: vfm_better must be 'lower' or 'higher'")
    top_bands = parse_bands(rule.top_grade_vfm_bands)
    promote_bands = parse_bands(rule.promote_with_vfm_bands)
    of_type = values[values["organisation_type"] == rule.organisation_type]
    grade = of_type[
        (of_type["indicator_code"] == rule.grade_indicator_code) & of_type["quartile_band"].notna()
    ]
    grade_period = _text(rule.grade_period_key) or _latest(grade["period_key"], ends)
    grade = grade[grade["period_key"] == grade_period]
    if grade.empty:
        return pd.DataFrame(columns=RATING_COLUMNS)
    vfm = of_type[(of_type["indicator_code"] == rule.vfm_indicator_code) & of_type["value"].notna()]
    period = vfm_period(grade_period, sorted(vfm["period_key"].unique()), ends)
    vfm = vfm[vfm["period_key"] == period].drop_duplicates("organisation_code").copy()
    vfm["vfm_band"] = quartile_band(
        vfm["value"].reset_index(drop=True), POLARITY_OF_VFM_BETTER[rule.vfm_better]
    ).to_numpy()
    vfm = vfm.set_index("organisation_code")
    rows = []
    for org in grade.drop_duplicates("organisation_code").itertuples():
        before = GRADE_OF_BAND[org.quartile_band]
        has_vfm = org.organisation_code in vfm.index
        vfm_value = vfm.at[org.organisation_code, "value"] if has_vfm else None
        vfm_band = vfm.at[org.organisation_code, "vfm_band"] if has_vfm else None
        after, reason = _regrade(before, vfm_band, top_bands, promote_bands, period)
        rows.append(
            [
                rule.rule_id,
                rule.organisation_type,
                org.organisation_code,
                org.organisation_name,
                rule.grade_indicator_code,
                grade_period,
                org.value,
                org.quartile_band,
                before,
                GRADE_LABELS[before],
                rule.vfm_indicator_code,
                period,
                rule.vfm_better,
                vfm_value,
                vfm_band,
                ";".join(sorted(top_bands)),
                ";".join(sorted(promote_bands)) or None,
                after,
                GRADE_LABELS[after],
                _change(before, after),
                reason,
            ]
        )
    return pd.DataFrame(rows, columns=RATING_COLUMNS)


def _regrade(before, vfm_band, top_bands, promote_bands, period) -> tuple[int, str]:
    allowed = "/".join(sorted(top_bands)) or "none"
    if before == TOP_GRADE:
        if vfm_band is None:
            return 3, f"top grade withheld: no value-for-money value for {period or 'any period'}"
        if vfm_band in top_bands:
            return 4, f"top grade kept: value-for-money band {vfm_band} is a top band ({allowed})"
        return 3, f"top grade lost: value-for-money band {vfm_band} is not a top band ({allowed})"
    if before == TOP_GRADE - 1 and vfm_band is not None and vfm_band in promote_bands:
        return 4, f"top grade gained: good and value-for-money band {vfm_band}"
    if before < TOP_GRADE - 1:
        return before, "grade unchanged: the rule only moves grades 3 and 4"
    band = vfm_band if vfm_band is not None else "unknown"
    return before, f"grade unchanged: value-for-money band {band} does not promote"


def _change(before: int, after: int) -> str:
    if before == TOP_GRADE and after == TOP_GRADE:
        return "keeps top grade"
    if before == TOP_GRADE:
        return "loses top grade"
    if after == TOP_GRADE:
        return "gains top grade"
    return "unchanged"


def _latest(period_keys: pd.Series, ends: dict) -> str | None:
    keys = [p for p in period_keys.unique() if p in ends]
    return max(keys, key=lambda p: ends[p]) if keys else None


def _text(value) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return str(value).strip() or None
