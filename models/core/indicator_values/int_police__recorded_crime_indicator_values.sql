-- Police recorded crime from the ONS PFA tables and long series as indicator values, each count
-- at its latest vintage: counts, rates per 1,000 residents and the percentage change on the same
-- 12 months a year earlier, per offence group, force area and year ending. A force area is its
-- own organisation.

with crime as (
    select * from {{ ref('int_police__recorded_crime') }}
),

crime_counts as (
    select
        'police_recorded_crimes__' || offence_group_code as indicator_code,
        period_key,
        area_code as geography_code,
        cast(recorded_crimes as double) as numerator,
        cast(null as double) as denominator,
        cast(recorded_crimes as double) as value,
        status_symbol,
        status_reason,
        coverage,
        source_file,
        source_sheet,
        source_row_number
    from crime
),

crime_rates as (
    select
        'police_crime_rate__' || offence_group_code as indicator_code,
        period_key,
        area_code as geography_code,
        cast(recorded_crimes as double) as numerator,
        cast(population as double) as denominator,
        cast(crimes_per_1000_population as double) as value,
        case when crimes_per_1000_population is null then 'x' end as status_symbol,
        rate_status_reason as status_reason,
        coverage,
        source_file,
        source_sheet,
        source_row_number
    from crime
),

crime_changes as (
    select
        'police_crime_change__' || offence_group_code as indicator_code,
        period_key,
        area_code as geography_code,
        cast(comparable_current_crimes - comparable_previous_crimes as double) as numerator,
        cast(comparable_previous_crimes as double) as denominator,
        cast(percent_change_on_previous_year as double) as value,
        case when percent_change_on_previous_year is null then 'x' end as status_symbol,
        change_status_reason as status_reason,
        coverage,
        source_file,
        source_sheet,
        source_row_number
    from crime
),

crime_values as (
    select * from crime_counts
    union all
    select * from crime_rates
    union all
    select * from crime_changes
)

{{ with_area_organisations('crime_values') }}
