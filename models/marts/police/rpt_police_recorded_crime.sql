-- Police recorded crime by area, year-ending quarter and offence group, in the tidy shape
-- analysts and Explore Education Statistics-style tools expect: counts at their latest vintage
-- (years ending March 2003 to December 2019), rates per 1,000 population and change on a year
-- earlier (with the publication each year's count comes from and the basis of the comparison),
-- with coverage stated on every row. is_latest_period marks the latest year ending of each
-- offence group at each area level. Every vintage of a revised count:
-- rpt_police_recorded_crime_revisions.

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
    crime.status_reason,
    crime.vintage_code,
    crime.vintage_title,
    crime.vintage_published_on,
    crime.vintages,
    crime.population,
    crime.population_mid_year,
    crime.population_mid_year_source,
    crime.crimes_per_1000_population,
    crime.population_p9,
    crime.crimes_per_1000_population_p9,
    crime.previous_year_ending,
    crime.comparable_current_crimes,
    crime.comparable_previous_crimes,
    crime.percent_change_on_previous_year,
    crime.previous_year_basis,
    crime.previous_year_vintage_code,
    crime.previous_year_vintage_title,
    crime.previous_year_vintage_published_on,
    crime.coverage,
    crime.forces_not_reporting,
    crime.forces_not_reporting_codes,
    crime.source_file,
    crime.source_sheet,
    crime.source_row_number
from crime
inner join periods on crime.period_key = periods.period_key
inner join offence_groups on crime.offence_group_code = offence_groups.offence_group_code
