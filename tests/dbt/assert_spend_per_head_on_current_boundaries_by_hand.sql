-- Buckinghamshire (E06000060) adult social care per head in 2019-20, before the unitary
-- existed, on today's boundaries, read by hand: rs2019_20.xls RS_LA_Data_2019-20 I22
-- (Buckinghamshire County Council, line 360) = 142489 and I23..I26 (its four districts) = 0,
-- GBP thousand; LAD23_Mid_Year_pop_2011_to_2023.xlsx MYE4 H255 (E06000060, Mid-2019) =
-- 545859. 142489000 / 545859 = 261.04 GBP per resident.
with expected as (
    select 'FY2019-20' as period_key, 142489000.0 / 545859 as value
),

actual as (
    select period_key, value
    from {{ ref('int_local_gov__spend_per_head_values') }}
    where indicator_code = 'la_net_current_expenditure_per_head__adult_social_care'
        and geography_code = 'E06000060'
)

select expected.period_key, expected.value as expected_value, actual.value as actual_value
from expected
left join actual on actual.period_key = expected.period_key
where actual.value is null or abs(actual.value - expected.value) > 1e-9
