-- Bolton (E08000001) adult social care per head, read by hand: RS_LA_Data_2018-19 I13 = 80993
-- (GBP thousand) over MYE4 mid-2018 291594; RS_LA_Data_2023-24 K39 = 113801 over mid-2023
-- 302383. Pins the service line, the GBP-thousand scaling and the mid-year matching.
with expected as (
    select 'FY2018-19' as period_key, 80993000.0 / 291594 as value
    union all
    select 'FY2023-24', 113801000.0 / 302383
),

actual as (
    select period_key, value
    from {{ ref('int_local_gov__spend_per_head_values') }}
    where indicator_code = 'la_net_current_expenditure_per_head__adult_social_care'
        and geography_code = 'E08000001'
)

select expected.period_key, expected.value as expected_value, actual.value as actual_value
from expected
left join actual on actual.period_key = expected.period_key
where actual.value is null or abs(actual.value - expected.value) > 1e-9
