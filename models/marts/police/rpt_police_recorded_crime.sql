-- Police recorded crime by area, year-ending quarter and offence group, in the tidy shape
-- analysts and Explore Education Statistics-style tools expect: counts, rates per 1,000
-- population and change on a year earlier, with coverage stated on every row. is_latest_period
-- marks the latest year ending of each offence group at each area level.

with crime as (
    select * from {{ ref('int_police__recorded_crime') }}
),

periods as (
    select
        period_key,
        period_label,
        period_type,
        period_end
    from {{ ref('dim_period') }}
),

offence_groups as (
    select * from {{ ref('police_offence_groups') }}
)

select
    crime.period_key,
    periods.period_label,
    periods.period_end = max(periods.period_end) over (
        partition by crime.offence_group_code, crime.area_level, periods.period_type
    ) as is_latest_period,
    crime.year_ending,
    crime.area_code,
    crime.area_name,
    crime.area_level,
    crime.offence_group_code,
    offence_groups.offence_group_name,
    offence_groups.parent_offence_group_code,
    crime.recorded_crimes,
    crime.status_symbol,
    crime.population,
    crime.population_mid_year,
    crime.crimes_per_1000_population,
    crime.previous_year_ending,
    crime.comparable_current_crimes,
    crime.comparable_previous_crimes,
    crime.percent_change_on_previous_year,
    crime.coverage,
    crime.forces_not_reporting,
    crime.forces_not_reporting_codes,
    crime.source_file,
    crime.source_sheet,
    crime.source_row_number
from crime
inner join periods on crime.period_key = periods.period_key
inner join offence_groups on crime.offence_group_code = offence_groups.offence_group_code
