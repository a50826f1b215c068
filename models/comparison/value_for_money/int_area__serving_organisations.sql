-- The organisations that serve each upper-tier council area (2023 boundaries), and how each is
-- linked to it: the council itself; the police force(s) whose area contains the area's districts
-- (ONS LAD23 -> PFA23 lookup); NHS trusts headquartered there (int_health__trust_locations);
-- schools in the local authority (GIAS); open prisons whose address lies in one of its districts.

with districts as (
    select
        lad_code,
        utla_code,
        pfa_code
    from {{ ref('int_context__district_measures') }}
    where utla_code is not null
),

open_organisations as (
    select * from {{ ref('dim_organisation') }}
    where valid_to is null
),

councils as (
    select distinct
        utla_code as area_code,
        utla_code as organisation_code,
        'council' as role,
        'the upper-tier council for the area' as link_basis
    from districts
),

forces as (
    select distinct
        utla_code as area_code,
        pfa_code as organisation_code,
        'police force' as role,
        'its police force area contains the area''s districts (ONS LAD23 to PFA23 lookup)'
            as link_basis
    from districts
    where pfa_code is not null
),

trusts as (
    select
        utla_code as area_code,
        organisation_code,
        'NHS trust' as role,
        'headquartered here: ' || location_basis as link_basis
    from {{ ref('int_health__trust_locations') }}
    where utla_code is not null
),

schools as (
    select
        geography_code as area_code,
        organisation_code,
        'school' as role,
        'school in the local authority (GIAS)' as link_basis
    from open_organisations
    where organisation_type = 'school'
        and geography_code in (select districts.utla_code from districts)
),

prisons as (
    select
        districts.utla_code as area_code,
        open_organisations.organisation_code,
        'prison' as role,
        'prison address in a district of the area' as link_basis
    from open_organisations
    inner join districts on open_organisations.geography_code = districts.lad_code
    where open_organisations.organisation_type = 'prison'
)

select * from councils
union all
select * from forces
union all
select * from trusts
union all
select * from schools
union all
select * from prisons
