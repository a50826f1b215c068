-- The top inspection-style grade reserved for good value for money: per rule (seed
-- vfm_rating_rules) and organisation, the grade from the grade indicator's quartile band before
-- the rule, the value-for-money band, the grade after the rule and who keeps, loses or gains the
-- top grade, with the values and periods behind it (int_levers__vfm_ratings).

select
    -- which rule, whom
    cast(rule_id as varchar) as rule_id,
    cast(organisation_type as varchar) as comparison_type,
    cast(organisation_code as varchar) as organisation_code,
    cast(organisation_name as varchar) as organisation_name,
    -- the grade without the rule
    cast(grade_indicator_code as varchar) as grade_indicator_code,
    cast(grade_period_key as varchar) as grade_period_key,
    cast(grade_value as double) as grade_value,
    cast(grade_band as varchar) as grade_band,
    cast(grade_before as integer) as grade_before,
    cast(grade_before_label as varchar) as grade_before_label,
    -- value for money
    cast(vfm_indicator_code as varchar) as vfm_indicator_code,
    cast(vfm_period_key as varchar) as vfm_period_key,
    cast(vfm_better as varchar) as vfm_better,
    cast(vfm_value as double) as vfm_value,
    cast(vfm_band as varchar) as vfm_band,
    cast(top_grade_vfm_bands as varchar) as top_grade_vfm_bands,
    cast(promote_with_vfm_bands as varchar) as promote_with_vfm_bands,
    -- the grade with the rule
    cast(grade_after as integer) as grade_after,
    cast(grade_after_label as varchar) as grade_after_label,
    cast(change as varchar) as change,
    cast(reason as varchar) as reason
from {{ ref('int_levers__vfm_ratings') }}
