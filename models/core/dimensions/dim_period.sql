-- Conformed periods, January 2000 to December 2030: months, quarters, calendar, financial
-- (April-March) and academic (September-August) years, rolling 12-month "year ending" windows
-- and 31 March snapshots, with the labels publishers print ("year ending December 2019").
-- Keys are readable text: M2019-12, Q2019-4, CY2019, FY2019-20, AY2019-20, YE2019-12, AT2019-03-31.

with months_named as (
    select * from {{ ref('int_period__months') }}
),

month_periods as (
    select
        'M' || year_month as period_key,
        'month' as period_type,
        month_start as period_start,
        month_end as period_end,
        month_name || ' ' || cast(calendar_year as varchar) as period_label,
        cast(1 as integer) as months_in_period
    from months_named
),

year_ending_periods as (
    -- rolling 12 months ending with this month (ONS: "year ending December 2019")
    select
        'YE' || year_month as period_key,
        'year_ending' as period_type,
        cast({{ dbt.dateadd('month', -11, 'month_start') }} as date) as period_start,
        month_end as period_end,
        'year ending ' || month_name || ' ' || cast(calendar_year as varchar) as period_label,
        cast(12 as integer) as months_in_period
    from months_named
),

quarter_periods as (
    select
        'Q' || cast(calendar_year as varchar) || '-' || cast(quarter_number as varchar)
            as period_key,
        'quarter' as period_type,
        min(month_start) as period_start,
        max(month_end) as period_end,
        'Q' || cast(quarter_number as varchar) || ' ' || cast(calendar_year as varchar)
        -- the first and last months by date (min() of the names gave 'Feb to Mar' for Q1)
        || ' (' || arg_min(month_abbreviation, month_start) || ' to '
        || arg_max(month_abbreviation, month_start) || ')'
            as period_label,
        cast(3 as integer) as months_in_period
    from months_named
    group by calendar_year, quarter_number
),

calendar_year_periods as (
    select
        'CY' || cast(calendar_year as varchar) as period_key,
        'calendar_year' as period_type,
        min(month_start) as period_start,
        max(month_end) as period_end,
        cast(calendar_year as varchar) as period_label,
        cast(12 as integer) as months_in_period
    from months_named
    group by calendar_year
),

financial_year_periods as (
    select
        'FY' || cast(financial_year_start as varchar) || '-'
        || substring(cast(financial_year_start + 1 as varchar), 3, 2) as period_key,
        'financial_year' as period_type,
        min(month_start) as period_start,
        max(month_end) as period_end,
        cast(financial_year_start as varchar) || '-'
        || substring(cast(financial_year_start + 1 as varchar), 3, 2) as period_label,
        cast(count(*) as integer) as months_in_period
    from months_named
    group by financial_year_start
),

academic_year_periods as (
    select
        'AY' || cast(academic_year_start as varchar) || '-'
        || substring(cast(academic_year_start + 1 as varchar), 3, 2) as period_key,
        'academic_year' as period_type,
        min(month_start) as period_start,
        max(month_end) as period_end,
        cast(academic_year_start as varchar) || '/'
        || substring(cast(academic_year_start + 1 as varchar), 3, 2) as period_label,
        cast(count(*) as integer) as months_in_period
    from months_named
    group by academic_year_start
),

snapshot_periods as (
    -- workforce and other stock counts are published "as at 31 March"
    select
        'AT' || cast(calendar_year as varchar) || '-03-31' as period_key,
        'as_at' as period_type,
        month_end as period_start,
        month_end as period_end,
        'as at 31 March ' || cast(calendar_year as varchar) as period_label,
        cast(0 as integer) as months_in_period
    from months_named
    where month_number = 3
),

all_periods as (
    select * from month_periods
    union all
    select * from year_ending_periods
    union all
    select * from quarter_periods
    union all
    select * from calendar_year_periods
    -- first and last financial/academic years are cut by the spine: keep whole ones only
    union all
    select * from financial_year_periods
    where months_in_period = 12
    union all
    select * from academic_year_periods
    where months_in_period = 12
    union all
    select * from snapshot_periods
)

select
    period_key,
    period_type,
    period_start,
    period_end,
    period_label,
    months_in_period,
    cast(extract(year from period_end) as integer) as end_year,
    cast(extract(month from period_end) as integer) as end_month
from all_periods
