{{ config(meta={'dagster': {'ref': {'name': 'fct_indicator_value'}}}) }}

-- England's A&E 4-hour performance as Frontline publishes it equals NHS England's figures.
-- 1. Every month: the England values in fct_indicator_value (sums over all provider rows: trusts
--    and non-trust providers) equal the same measure computed from the file's own TOTAL row.
-- 2. June 2024, against NHS England's statistical press notice (11 July 2024): 2,294,065
--    attendances ("more than 2.29 million") of which 74.6% were within 4 hours.
-- Fails with one row per mismatch, naming the file and row of the TOTAL row it was checked against.

with england as (
    select
        indicator_code,
        period_key,
        numerator,
        denominator,
        value,
        source_file,
        source_row_number
    from {{ ref('fct_indicator_value') }}
    where geography_code = 'E92000001' and indicator_code like 'nhse_ae_%'
),

total_rows as (
    select
        period_key,
        cast(attendances_type_1 + booked_attendances_type_1 as double) as type_1_attendances,
        cast(over_4_hours_type_1 + booked_over_4_hours_type_1 as double) as type_1_over_4_hours,
        cast(
            attendances_type_1 + attendances_type_2 + attendances_other_department
            + booked_attendances_type_1 + booked_attendances_type_2
            + booked_attendances_other_department as double
        ) as all_types_attendances,
        cast(
            over_4_hours_type_1 + over_4_hours_type_2 + over_4_hours_other_department
            + booked_over_4_hours_type_1 + booked_over_4_hours_type_2
            + booked_over_4_hours_other_department as double
        ) as all_types_over_4_hours,
        source_file,
        source_row_number
    from {{ ref('stg_nhse__ae_monthly_provider') }}
    where is_england_total
),

expected as (
    select
        'nhse_ae_within_4_hours_type_1' as indicator_code,
        period_key,
        type_1_attendances - type_1_over_4_hours as numerator,
        type_1_attendances as denominator,
        source_file,
        source_row_number
    from total_rows
    union all
    select
        'nhse_ae_within_4_hours_all_types' as indicator_code,
        period_key,
        all_types_attendances - all_types_over_4_hours as numerator,
        all_types_attendances as denominator,
        source_file,
        source_row_number
    from total_rows
    union all
    select
        'nhse_ae_attendances_type_1' as indicator_code,
        period_key,
        type_1_attendances as numerator,
        null as denominator,
        source_file,
        source_row_number
    from total_rows
    union all
    select
        'nhse_ae_attendances_all_types' as indicator_code,
        period_key,
        all_types_attendances as numerator,
        null as denominator,
        source_file,
        source_row_number
    from total_rows
),

total_row_mismatches as (
    select
        expected.indicator_code,
        expected.period_key,
        'differs from the file''s TOTAL row' as problem,
        expected.source_file,
        expected.source_row_number
    from expected
    left join england
        on expected.indicator_code = england.indicator_code
        and expected.period_key = england.period_key
    where england.numerator is distinct from expected.numerator
        or england.denominator is distinct from expected.denominator
),

published_june_2024 as (
    select
        indicator_code,
        period_key,
        'differs from NHS England June 2024: 2,294,065 attendances, 74.6% within 4 hours'
            as problem,
        source_file,
        source_row_number
    from england
    where period_key = 'M2024-06'
        and indicator_code = 'nhse_ae_within_4_hours_all_types'
        and (denominator <> 2294065 or round(value, 3) <> 0.746)
    union all
    -- the June 2024 England row must exist at all
    select
        'nhse_ae_within_4_hours_all_types' as indicator_code,
        'M2024-06' as period_key,
        'no England value for June 2024' as problem,
        null as source_file,
        null as source_row_number
    where not exists (
            select 1 from england
            where period_key = 'M2024-06' and indicator_code = 'nhse_ae_within_4_hours_all_types'
        )
)

select * from total_row_mismatches
union all
select * from published_june_2024
