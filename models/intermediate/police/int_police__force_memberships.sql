-- Which forces make up each aggregate row ONS prints in the PFA tables: a region's forces,
-- a country's forces, and every force plus British Transport Police for England and Wales
-- (Table P1, footnote: "Includes British Transport Police").

with forces as (
    select
        pfa_code as force_code,
        region_code,
        country_code
    from {{ ref('int_geography__police_force_areas') }}
    where country_code is not null
),

memberships as (
    select
        region_code as aggregate_code,
        force_code
    from forces
    where region_code is not null
    union all
    select
        country_code as aggregate_code,
        force_code
    from forces
    union all
    select
        'K04000001' as aggregate_code,
        force_code
    from forces
    union all
    select
        'K04000001' as aggregate_code,
        'BTP' as force_code
)

select * from memberships
