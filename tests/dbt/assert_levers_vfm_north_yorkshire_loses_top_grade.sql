{{ config(meta={'dagster': {'ref': {'name': 'rpt_vfm_rating'}}}) }}

-- One real row checked by hand. North Yorkshire Police: recorded crime (excluding fraud) per
-- 1,000 in the year ending December 2019 is 59.05, band A of 42 forces (lower is better, q25
-- 72.618), so outstanding before the rule. Its 2018-19 net revenue spend per head (the last
-- financial year ending within 2019) is 183.68; the quartiles over the 39 forces with a value
-- are 162.160, 171.172, 185.786, so band C, not a top band (A;B): it loses the top grade.
with pinned as (
    select *
    from {{ ref('rpt_vfm_rating') }}
    where rule_id = 'police_crime_rate_vs_net_revenue_spend'
        and organisation_code = 'E23000009'
)

select *
from pinned
where not (
        grade_period_key = 'YE2019-12'
        and grade_band = 'A'
        and grade_before = 4
        and vfm_period_key = 'FY2018-19'
        and abs(vfm_value - 183.680) < 0.001
        and vfm_band = 'C'
        and grade_after = 3
        and change = 'loses top grade'
    )
union all
select * from {{ ref('rpt_vfm_rating') }}
where 0 = (select count(*) from pinned)
