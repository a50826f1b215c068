-- Every name the geography knows a police force by, with the force's code: the DfE police force
-- area list ('Devon & Cornwall', 'London, City of') and ONS's Police Force Areas (December 2019)
-- names and codes ('Devon and Cornwall', 'City of London'), plus British Transport Police (BTP),
-- which has no area. Files that name forces rather than code them (the ONS long series) are
-- mapped through it; a test holds every name they print to a row here.

with geography_names as (
    select
        pfa_name as force_name,
        pfa_code as force_code
    from {{ ref('int_geography__police_force_areas') }}
    union
    select
        area_name as force_name,
        area_code as force_code
    from {{ ref('stg_ons__area_names') }}
    where area_type = 'police_force_area'
        and (area_code like 'E23%' or area_code like 'W15%')
),

national_forces as (
    select
        'British Transport Police' as force_name,
        'BTP' as force_code
)

select * from geography_names
union all
select * from national_forces
