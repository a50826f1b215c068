{{ config(meta={'dagster': {'ref': {'name': 'int_police__finance_indicator_values'}}}) }}

-- Surrey FY2021-22: RA_LA_Data_2021-22 EI419 259572 (GBP thousand) over Surrey's mid-2021
-- population, which MYE4 publishes on its county row E10000030 (sheet MYE4, row 293): 1205994
-- (the PFA is the county; the model sums its districts). 259572000 / 1205994 = 215.235...
-- Kent 2021-22 returned '...' for police services: no value, status x.
with values_ as (
    select * from {{ ref('int_police__finance_indicator_values') }}
),

checks as (
    select
        'surrey per head' as check_name,
        count(*) as matching
    from values_
    where indicator_code = 'police_net_revenue_expenditure_per_head'
        and period_key = 'FY2021-22' and geography_code = 'E23000031'
        and numerator = 259572000 and denominator = 1205994
        and abs(value - 259572000.0 / 1205994) < 1e-9 and status_symbol is null
    union all
    select
        'surrey per officer' as check_name,
        count(*) as matching
    from values_
    inner join {{ ref('int_police__officer_workforce') }} as officers
        on values_.geography_code = officers.force_code and officers.as_at_year = 2022
    where values_.indicator_code = 'police_net_revenue_expenditure_per_officer'
        and values_.period_key = 'FY2021-22' and values_.geography_code = 'E23000031'
        and values_.denominator = officers.officer_fte
        and abs(values_.value - 259572000.0 / officers.officer_fte) < 1e-9
    union all
    select
        'kent not returned (both indicators)' as check_name,
        case when count(*) = 2 then 1 else 0 end as matching
    from values_
    where period_key = 'FY2021-22' and geography_code = 'E23000032'
        and value is null and status_symbol = 'x' and coverage = 'missing'
)

select * from checks
where matching <> 1
