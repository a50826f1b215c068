-- Which population the police rates divide by, and how much the choice moves them.
-- Frontline divides by ONS MYE4 (revised after Census 2021, one consistent series for every
-- quarter). ONS's own tables divided by the estimates as first published; for mid-2016 those
-- are shipped in Table P9 of the year ending March 2018 workbook. This table sets the two side
-- by side for year ending March 2018 (the quarter that used mid-2016), total recorded crime as
-- first published (the count ONS divided), so rate_p9 is the rate ONS printed in Table P3.

with populations as (
    select * from {{ ref('int_police__area_populations') }}
    where mid_year = 2016
),

crime as (
    -- the count ONS's rate table divided: as first published in the year ending March 2018
    -- workbook (the long series later revised it)
    select
        first_published.area_code,
        names.area_name,
        first_published.area_level,
        first_published.recorded_crimes
    from {{ ref('int_police__recorded_crime_vintages') }} as first_published
    inner join {{ ref('int_police__recorded_crime') }} as names
        on first_published.area_code = names.area_code
        and first_published.year_ending = names.year_ending
        and first_published.offence_group_code = names.offence_group_code
    where first_published.year_ending = cast('2018-03-31' as date)
        and first_published.offence_group_code = 'total_recorded_crime_excluding_fraud'
        and first_published.source_kind = 'pfa_tables_p1'
),

compared as (
    select
        crime.area_code,
        crime.area_name,
        crime.area_level,
        crime.recorded_crimes,
        mye4.population as population_mye4_mid_2016,
        p9.population as population_p9_mid_2016,
        1000 * {{ safe_divide('crime.recorded_crimes', 'mye4.population') }} as rate_mye4,
        1000 * {{ safe_divide('crime.recorded_crimes', 'p9.population') }} as rate_p9
    from crime
    left join populations as mye4
        on crime.area_code = mye4.area_code and mye4.population_series = 'mye4'
    left join populations as p9
        on crime.area_code = p9.area_code and p9.population_series = 'p9'
    where crime.area_level <> 'national_force'
)

select
    *,
    population_mye4_mid_2016 - population_p9_mid_2016 as population_difference,
    100 * {{ safe_divide('population_mye4_mid_2016 - population_p9_mid_2016',
                         'population_p9_mid_2016') }} as population_percent_difference,
    rate_mye4 - rate_p9 as rate_difference,
    100 * {{ safe_divide('rate_mye4 - rate_p9', 'rate_p9') }} as rate_percent_difference
from compared
