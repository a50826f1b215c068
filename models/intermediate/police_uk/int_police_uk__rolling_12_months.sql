-- Rolling 12-month street-level crime totals per force and crime type (and 'All crime', which
-- leaves out anti-social behaviour as police.uk does), over a dense month spine. A month that
-- was not loaded is missing, not zero: it is not summed and the window is flagged incomplete.

with counts as (
    select
        force_code,
        month_start,
        crime_type,
        cast(sum(crimes) as bigint) as crimes
    from {{ ref('int_police_uk__monthly_counts') }}
    group by force_code, month_start, crime_type
    union all
    select
        force_code,
        month_start,
        'All crime' as crime_type,
        cast(sum(crimes) as bigint) as crimes
    from {{ ref('int_police_uk__monthly_counts') }}
    where is_recorded_crime
    group by force_code, month_start
),

crime_types as (
    select distinct
        force_code,
        crime_type
    from counts
),

spine as (
    select
        force_months.force_code,
        force_months.month_start,
        force_months.is_loaded,
        crime_types.crime_type
    from {{ ref('int_police_uk__force_months') }} as force_months
    inner join crime_types on force_months.force_code = crime_types.force_code
),

monthly as (
    select
        spine.force_code,
        spine.crime_type,
        spine.month_start,
        spine.is_loaded,
        -- a loaded month with no such crime is a true zero
        case when spine.is_loaded then coalesce(counts.crimes, 0) end as crimes
    from spine
    left join counts
        on spine.force_code = counts.force_code
        and spine.crime_type = counts.crime_type
        and spine.month_start = counts.month_start
),

rolled as (
    select
        *,
        cast(sum(crimes) over (
            partition by force_code, crime_type order by month_start
            rows between 11 preceding and current row
        ) as bigint) as crimes_in_loaded_months,
        cast(count(crimes) over (
            partition by force_code, crime_type order by month_start
            rows between 11 preceding and current row
        ) as integer) as months_loaded_in_window
    from monthly
)

select
    force_code,
    crime_type,
    month_start,
    'M' || substring(cast(month_start as varchar), 1, 7) as month_period_key,
    'YE' || substring(cast(month_start as varchar), 1, 7) as year_ending_period_key,
    is_loaded,
    crimes,
    months_loaded_in_window,
    -- only a window of 12 loaded months is a 12-month total
    case when months_loaded_in_window = 12 then crimes_in_loaded_months end
        as rolling_12_month_crimes,
    crimes_in_loaded_months,
    case
        when months_loaded_in_window = 12 then 'complete'
        else 'incomplete'
    end as rolling_12_month_coverage
from rolled
