-- The month spine, January 2000 to December 2030, with the calendar, financial (April-March)
-- and academic (September-August) years and quarter each month belongs to.

with month_offsets as (
    {{ integer_series(372) }}
),

month_names as (
    select * from (
        values (1, 'January', 'Jan'), (2, 'February', 'Feb'), (3, 'March', 'Mar'),
        (4, 'April', 'Apr'), (5, 'May', 'May'), (6, 'June', 'Jun'), (7, 'July', 'Jul'),
        (8, 'August', 'Aug'), (9, 'September', 'Sep'), (10, 'October', 'Oct'),
        (11, 'November', 'Nov'), (12, 'December', 'Dec')
    ) as names (month_number, month_name, month_abbreviation)
),

months as (
    select
        cast({{ dbt.dateadd('month', 'n', "cast('2000-01-01' as date)") }} as date) as month_start,
        2000 + cast(floor(n / 12) as integer) as calendar_year,
        1 + mod(n, 12) as month_number
    from month_offsets
),

months_named as (
    select
        months.month_start,
        cast({{ dbt.last_day('months.month_start', 'month') }} as date) as month_end,
        months.calendar_year,
        months.month_number,
        month_names.month_name,
        month_names.month_abbreviation,
        cast(months.calendar_year as varchar) || '-'
        || case when months.month_number < 10 then '0' else '' end
        || cast(months.month_number as varchar) as year_month,
        -- financial year starts in April, academic year in September
        case when months.month_number >= 4 then months.calendar_year
            else months.calendar_year - 1
        end as financial_year_start,
        case when months.month_number >= 9 then months.calendar_year
            else months.calendar_year - 1
        end as academic_year_start,
        1 + cast(floor((months.month_number - 1) / 3) as integer) as quarter_number
    from months
    inner join month_names on months.month_number = month_names.month_number
)

select * from months_named
