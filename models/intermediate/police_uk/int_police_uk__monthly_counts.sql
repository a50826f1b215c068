{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key=['force_code', 'month_start'],
    )
}}
-- Street-level crimes per force, LSOA, crime type and month. Incremental: a run after a new
-- month (or a corrected file) lands aggregates only the force-months loaded since the last run,
-- replacing them whole.

with street as (
    select * from {{ ref('stg_police_uk__street_crime') }}
    {% if is_incremental() %}
    where loaded_at > (select max(loaded_at) from {{ this }})
    {% endif %}
),

forces as (
    select * from {{ ref('police_uk_forces') }}
),

counted as (
    select
        forces.force_code,
        street.falls_within,
        street.month_start,
        street.lsoa_code,
        max(street.lsoa_name) as lsoa_name,
        street.crime_type,
        street.is_recorded_crime,
        cast(count(*) as bigint) as crimes,
        max(street.loaded_at) as loaded_at,
        max(street.source_file) as source_file
    from street
    left join forces on forces.falls_within = street.falls_within
    group by
        forces.force_code,
        street.falls_within,
        street.month_start,
        street.lsoa_code,
        street.crime_type,
        street.is_recorded_crime
)

select * from counted
