-- Police officers per force as at 31 March beside population and recorded crime: officers per
-- 1,000 population and recorded crimes per officer (where the year ending March is shipped).
-- is_latest_period marks the latest 31 March the table has.

with officers as (
    select * from {{ ref('int_police__officer_workforce') }}
),

total_crime as (
    select
        area_code,
        year_ending,
        recorded_crimes
    from {{ ref('int_police__recorded_crime') }}
    where offence_group_code = 'total_recorded_crime_excluding_fraud'
)

select
    officers.force_code,
    officers.force_name,
    officers.period_key,
    officers.as_at_date = max(officers.as_at_date) over () as is_latest_period,
    officers.as_at_date,
    officers.officer_fte,
    officers.officer_headcount,
    officers.population_mid_year,
    officers.population,
    1000 * {{ safe_divide('officers.officer_fte', 'officers.population') }}
        as officers_per_1000_population,
    total_crime.recorded_crimes as recorded_crimes_year_ending_march,
    {{ safe_divide('total_crime.recorded_crimes', 'officers.officer_fte') }}
        as recorded_crimes_per_officer,
    officers.source_file
from officers
left join total_crime
    on officers.force_code = total_crime.area_code
    and officers.as_at_date = total_crime.year_ending
