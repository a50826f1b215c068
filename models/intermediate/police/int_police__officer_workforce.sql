-- Police officer full-time equivalents per force as at 31 March (Home Office workforce open
-- data), beside the mid-year population of the year before (the latest estimate available on
-- that date, as the Home Office's own per-population figures use).

with workforce as (
    select * from {{ ref('stg_home_office__police_workforce') }}
),

officers as (
    select
        force_code,
        max(force_name) as force_name,
        as_at_year,
        as_at_date,
        -- FTE is published to 2 decimal places; rounding the sum keeps it exact run to run
        round(sum(full_time_equivalent), 2) as officer_fte,
        sum(headcount) as officer_headcount,
        max(source_file) as source_file,
        max(source_sheet) as source_sheet,
        min(source_row_number) as first_source_row_number
    from workforce
    where worker_type = 'Police officer'
    group by force_code, as_at_year, as_at_date
),

populations as (
    select
        area_code,
        mid_year,
        population
    from {{ ref('int_police__area_populations') }}
    where population_series = 'mye4'
)

select
    officers.*,
    'AT' || cast(officers.as_at_year as varchar) || '-03-31' as period_key,
    populations.mid_year as population_mid_year,
    populations.population
from officers
left join populations
    on officers.force_code = populations.area_code
    and populations.mid_year = officers.as_at_year - 1
