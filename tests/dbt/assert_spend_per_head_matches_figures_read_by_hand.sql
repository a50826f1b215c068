-- Adult social care net current expenditure per head, read by hand. Pins the service line, the
-- GBP-thousand scaling, the mid-year matching and the roll-up to today's boundaries.
-- Bolton (E08000001): RS_LA_Data_2018-19 I13 = 80993 (GBP thousand) over MYE4 mid-2018 291594;
--   RS_LA_Data_2023-24 K39 = 113801 over mid-2023 302383.
-- Buckinghamshire (E06000060) in 2019-20, before the unitary existed: rs2019_20.xls
--   RS_LA_Data_2019-20 I22 (Buckinghamshire County Council, line 360) = 142489 and I23..I26 (its
--   four districts) = 0; LAD23_Mid_Year_pop_2011_to_2023.xlsx MYE4 H255 (E06000060, Mid-2019) =
--   545859. 142489000 / 545859 = 261.04 GBP per resident.
with expected as (
    select
        'E08000001' as geography_code,
        'FY2018-19' as period_key,
        80993000.0 / 291594 as value
    union all
    select
        'E08000001' as geography_code,
        'FY2023-24' as period_key,
        113801000.0 / 302383 as value
    union all
    select
        'E06000060' as geography_code,
        'FY2019-20' as period_key,
        142489000.0 / 545859 as value
),

actual as (
    select
        geography_code,
        period_key,
        value
    from {{ ref('int_local_gov__spend_per_head_indicator_values') }}
    where indicator_code = 'la_net_current_expenditure_per_head__adult_social_care'
)

select
    expected.geography_code,
    expected.period_key,
    expected.value as expected_value,
    actual.value as actual_value
from expected
left join actual
    on expected.geography_code = actual.geography_code
    and expected.period_key = actual.period_key
where actual.value is null or abs(actual.value - expected.value) > 1e-9
