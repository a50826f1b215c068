{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key=['force_code', 'month_start'],
        post_hook="
            delete from {{ this }} as built
            where not exists (
                select 1 from {{ ref('stg_police_uk__street_crime') }} as staged
                where staged.falls_within = built.falls_within
                    and staged.month_start = built.month_start
            )
        ",
    )
}}
-- Street-level crimes per force, LSOA, crime type and month. Incremental, and equal to a full
-- refresh: a run re-aggregates every force-month whose staged records differ from what was
-- built (a new file, a replaced one, one removed), always from all of that force-month's staged
-- records, and replaces it whole. Counting only the records loaded since the last run would
-- replace a force-month with just its newest file's records. The post-hook deletes a
-- force-month with no staged records left (its file quarantined or removed): delete+insert
-- only replaces the force-months a run aggregates.

with forces as (
    select * from {{ ref('police_uk_forces') }}
),

street as (
    select
        forces.force_code,
        staged.*
    from {{ ref('stg_police_uk__street_crime') }} as staged
    left join forces on staged.falls_within = forces.falls_within
),

{% if is_incremental() %}
-- a force-month is unchanged when it holds as many records, loaded at the same latest time
staged_force_months as (
    select
        force_code,
        month_start,
        count(*) as records,
        max(loaded_at) as loaded_at
    from street
    group by force_code, month_start
),

built_force_months as (
    select
        force_code,
        month_start,
        sum(crimes) as records,
        max(loaded_at) as loaded_at
    from {{ this }}
    group by force_code, month_start
),

changed_force_months as (
    select
        staged.force_code,
        staged.month_start
    from staged_force_months as staged
    left join built_force_months as built
        on built.force_code = staged.force_code
        and built.month_start = staged.month_start
    where built.month_start is null
        or built.records <> staged.records
        or built.loaded_at <> staged.loaded_at
),
{% endif %}

counted as (
    select
        street.force_code,
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
    {% if is_incremental() %}
    inner join changed_force_months as changed
        on changed.force_code = street.force_code
        and changed.month_start = street.month_start
    {% endif %}
    group by
        street.force_code,
        street.falls_within,
        street.month_start,
        street.lsoa_code,
        street.crime_type,
        street.is_recorded_crime
)

select * from counted
