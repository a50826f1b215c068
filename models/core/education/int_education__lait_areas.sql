-- Every area LAIT reports on, with the GSS code Frontline files its values under.
--   Local authorities (LA number < 970, as LAIT itself splits them): the old 3-digit LA number
--     through the DfE register (stg_dfe__local_authorities). A number the register holds under
--     more than one code (a recoded authority on the same area: Buckinghamshire 825,
--     North Yorkshire 815 and Somerset 933 county -> unitary, Northumberland 929 and Gateshead 390
--     in 2013, Barnsley 370 and Sheffield 373 in May 2025) takes the code in use at Frontline's
--     geography vintage (LAD 2023, 31 December 2023), as LAIT keeps one series per number.
--     Numbers of abolished authorities (Cumbria 909, Northamptonshire 928, Dorset 835, Poole 836,
--     Bournemouth 837) have one code only: the abolished one, which dim_geography keeps.
--   Regions: by name to the E12 region of dim_geography ('Yorkshire and the Humber' in LAIT).
--   England 970: E92000001.
--   Inner and Outer London (987, 988) and 'England (discontinued)' (1000): no area in
--     dim_geography, so no code; their values stay out of fct_indicator_value (unmapped_reason).

{%- set geography_vintage = "date '2023-12-31'" %}

with areas as (
    select * from {{ ref('stg_dfe__lait_local_authorities') }}
),

register as (
    select
        cast(old_la_number as integer) as la_number,
        la_code,
        la_name,
        date_of_operation,
        date_of_termination
    from {{ ref('stg_dfe__local_authorities') }}
    where regexp_matches(old_la_number, '^[0-9]+$') and la_code not like '%/%'
),

register_by_number as (
    select *
    from register
    qualify row_number() over (
            partition by la_number
            order by
                (
                    date_of_operation <= {{ geography_vintage }}
                    and coalesce(date_of_termination, date '9999-12-31') >= {{ geography_vintage }}
                )
                desc,
                coalesce(date_of_termination, date '9999-12-31') desc,
                la_code
        ) = 1
),

regions as (
    select
        geography_code,
        geography_name
    from {{ ref('dim_geography') }}
    where geography_level = 'region'
),

typed as (
    select
        areas.*,
        case
            when areas.la_number < 970 then 'local_authority'
            when areas.la_number = 970 then 'england'
            when areas.la_number in (987, 988) then 'london_inner_outer'
            when areas.la_number between 980 and 990 then 'region'
            else 'other'
        end as area_type
    from areas
)

select
    typed.la_number,
    typed.la_name as area_name,
    typed.area_type,
    typed.la_type,
    typed.region_name,
    case typed.area_type
        when 'local_authority' then register_by_number.la_code
        when 'region' then regions.geography_code
        when 'england' then 'E92000001'
    end as geography_code,
    register_by_number.la_name as register_name,
    case
        when typed.area_type = 'london_inner_outer'
            then 'Inner/Outer London: a statistical grouping with no area in dim_geography'
        when typed.area_type = 'other'
            then 'not an area LAIT reports values for (' || typed.la_name || ')'
        when typed.area_type = 'local_authority' and register_by_number.la_code is null
            then 'LA number not in the DfE register of local authorities'
        when typed.area_type = 'region' and regions.geography_code is null
            then 'region name not found in dim_geography'
    end as unmapped_reason,
    typed.source_file,
    typed.source_row_number
from typed
left join register_by_number
    on typed.area_type = 'local_authority'
    and typed.la_number = register_by_number.la_number
left join regions
    on typed.area_type = 'region'
    and lower(regions.geography_name) = lower(typed.la_name)
