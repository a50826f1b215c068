-- A&E 4-hour performance and attendances for every provider in NHS England's monthly A&E files
-- and for England, per month (M2024-06 ..) and for the 12 months to each month (YE....), in the
-- indicator value shape (macros/indicator_values.sql).
--   nhse_ae_within_4_hours_<type>: (attendances - attendances over 4 hours) / attendances, the
--     NHS England 4-hour measure, booked appointments counted (int_health__ae_provider_months);
--   nhse_ae_attendances_<type>: the attendances (count).
-- <type> is type_1 (major A&E departments) or all_types (types 1, 2, 3 and 4).
-- England (E92000001) is the sum over every provider in the file, as NHS England totals it (the
-- TOTAL row of each file equals that sum, which the data test
-- assert_nhse_ae_england_4_hour_performance_equals_published checks); lineage: the TOTAL row.
-- A rolling 12 months is the sum of 12 monthly numerators over the sum of 12 denominators,
-- given only when all 12 months are there; otherwise x with
-- 'n of 12 months loaded'. A provider with no attendances of a type has no proportion (z).
-- Providers are organisations that are not areas: geography_code null, organisation_code set.

{%- set attendance_types = ['type_1', 'all_types'] %}

with provider_months as (
    select * from {{ ref('int_health__ae_provider_months') }}
),

england_total_rows as (
    select
        period_key,
        source_file,
        source_row_number
    from {{ ref('stg_nhse__ae_monthly_provider') }}
    where is_england_total
),

provider_long as (
    {%- for attendance_type in attendance_types %}
        select
            organisation_code,
            cast(null as varchar) as geography_code,
            '{{ attendance_type }}' as attendance_type,
            period_key,
            month_start,
            cast({{ attendance_type }}_attendances as double) as attendances,
            cast({{ attendance_type }}_over_4_hours as double) as over_4_hours,
            source_file,
            source_row_number
        from provider_months
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

england_long as (
    select
        cast(null as varchar) as organisation_code,
        'E92000001' as geography_code,
        provider_long.attendance_type,
        provider_long.period_key,
        provider_long.month_start,
        sum(provider_long.attendances) as attendances,
        sum(provider_long.over_4_hours) as over_4_hours,
        totals.source_file,
        totals.source_row_number
    from provider_long
    inner join england_total_rows as totals on provider_long.period_key = totals.period_key
    group by all
),

monthly as (
    -- a month is its own complete period (months_in_window = 12 keeps one status rule below)
    select
        *,
        12 as months_in_window
    from provider_long
    union all
    select
        *,
        12 as months_in_window
    from england_long
),

window_ends as (
    -- every month loaded ends a 12-month window
    select distinct
        period_key,
        month_start
    from provider_months
),

rolling as (
    select
        monthly.organisation_code,
        monthly.geography_code,
        monthly.attendance_type,
        'YE' || substr(window_ends.period_key, 2) as period_key,
        window_ends.month_start,
        sum(monthly.attendances) as attendances,
        sum(monthly.over_4_hours) as over_4_hours,
        -- lineage: the latest month in the window
        arg_max(monthly.source_file, monthly.month_start) as source_file,
        arg_max(monthly.source_row_number, monthly.month_start) as source_row_number,
        count(*) as months_in_window
    from window_ends
    inner join monthly
        on window_ends.month_start >= monthly.month_start
        and monthly.month_start > window_ends.month_start - interval 12 month
    group by all
),

periods as (
    select * from monthly
    union all
    select * from rolling
),

assessed as (
    select
        *,
        case
            when months_in_window < 12 then 'x'
            when attendances = 0 then 'z'
        end as proportion_status,
        case
            when months_in_window < 12
                then cast(months_in_window as varchar) || ' of 12 months loaded'
            when attendances = 0 and attendance_type = 'type_1'
                then 'no type 1 attendances in the period (not applicable)'
            when attendances = 0 then 'no attendances in the period (not applicable)'
        end as proportion_reason
    from periods
),

proportions as (
    select
        'nhse_ae_within_4_hours_' || attendance_type as indicator_code,
        period_key,
        geography_code,
        organisation_code,
        case when proportion_status is null then attendances - over_4_hours end as numerator,
        case when proportion_status is null then attendances end as denominator,
        case when proportion_status is null then (attendances - over_4_hours) / attendances end
            as value,
        proportion_status as status_symbol,
        proportion_reason as status_reason,
        case when months_in_window < 12 then 'partial' else 'complete' end as coverage,
        source_file,
        cast(null as varchar) as source_sheet,
        cast(source_row_number as integer) as source_row_number
    from assessed
),

counts as (
    -- a count of zero is a value: only an incomplete window has none
    select
        'nhse_ae_attendances_' || attendance_type as indicator_code,
        period_key,
        geography_code,
        organisation_code,
        case when months_in_window = 12 then attendances end as numerator,
        cast(null as double) as denominator,
        case when months_in_window = 12 then attendances end as value,
        case when months_in_window < 12 then 'x' end as status_symbol,
        case when months_in_window < 12
                then cast(months_in_window as varchar) || ' of 12 months loaded'
        end as status_reason,
        case when months_in_window < 12 then 'partial' else 'complete' end as coverage,
        source_file,
        cast(null as varchar) as source_sheet,
        cast(source_row_number as integer) as source_row_number
    from assessed
)

select
    indicator_code,
    period_key,
    geography_code,
    organisation_code,
    numerator,
    denominator,
    value,
    status_symbol,
    status_reason,
    coverage,
    source_file,
    source_sheet,
    source_row_number
from proportions
union all
select
    indicator_code,
    period_key,
    geography_code,
    organisation_code,
    numerator,
    denominator,
    value,
    status_symbol,
    status_reason,
    coverage,
    source_file,
    source_sheet,
    source_row_number
from counts
