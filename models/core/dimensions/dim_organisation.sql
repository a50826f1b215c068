-- Organisations that deliver public services, one row per version (type-2 history:
-- valid_from / valid_to), with predecessor and successor links and the geography each serves.
-- Now: the 43 territorial police forces, British Transport Police, and councils (current and
-- abolished, England and Wales), and from sector models NHS organisations, schools, prisons and
-- probation divisions. Sectors whose organisations are not areas (NHS trusts, schools)
-- hand theirs in from an intermediate model with the columns of `organisations` below.
-- comparison_type is the type the comparison marts compare the organisation within, the value
-- their own comparison_type column holds (police_force_area, council_upper_tier, nhs_trust,
-- school_primary, ...); null: kept and typed, never compared (a GP practice in the A&E files,
-- British Transport Police). A county is an upper-tier council, a non-metropolitan district a
-- lower-tier one; a single-tier council (unitary, metropolitan district, London borough, the City,
-- a Welsh unitary) is compared as upper tier, and rpt_peer_groups also lists it in the lower-tier
-- sets, since it is a district too.

{%- set sector_organisations = [
    'int_health__organisations', 'int_education__schools', 'int_justice__organisations'
] %}

with force_areas as (
    select * from {{ ref('int_geography__police_force_areas') }}
),

workforce_names as (
    -- the Home Office names forces ('Avon & Somerset'); ONS names their areas
    select
        force_code,
        max(force_name) as force_name
    from {{ ref('stg_home_office__police_workforce') }}
    group by force_code
),

police_forces as (
    select
        force_areas.pfa_code as organisation_code,
        coalesce(workforce_names.force_name, force_areas.pfa_name) as organisation_name,
        'police_force' as organisation_type,
        'territorial' as organisation_subtype,
        force_areas.pfa_code as geography_code,
        cast(null as varchar) as registry_code,
        cast(null as date) as valid_from,
        cast(null as date) as valid_to,
        cast(null as varchar) as successor_organisation_code,
        'police_force_area' as comparison_type
    from force_areas
    left join workforce_names on force_areas.pfa_code = workforce_names.force_code
    union all
    select
        'BTP' as organisation_code,
        'British Transport Police' as organisation_name,
        'police_force' as organisation_type,
        'national' as organisation_subtype,
        cast(null as varchar) as geography_code,
        cast(null as varchar) as registry_code,
        cast(null as date) as valid_from,
        cast(null as date) as valid_to,
        cast(null as varchar) as successor_organisation_code,
        cast(null as varchar) as comparison_type
),

authorities as (
    select * from {{ ref('stg_mysociety__local_authorities') }}
    where (gss_code like 'E%' or gss_code like 'W%')
        and authority_type_code in ('NMD', 'UA', 'MD', 'LBO', 'CC', 'WPA', 'CTY')
),

successions as (
    select * from {{ ref('int_geography__code_successions') }}
),

councils as (
    select
        authorities.gss_code as organisation_code,
        authorities.official_name as organisation_name,
        'local_authority' as organisation_type,
        authorities.authority_type_name as organisation_subtype,
        authorities.gss_code as geography_code,
        authorities.registry_code,
        authorities.start_date as valid_from,
        authorities.end_date as valid_to,
        successions.immediate_successor_code as successor_organisation_code,
        -- councils are compared by tier through their areas (int_comparison__indicator_values)
        case
            when authorities.authority_type_code = 'NMD' then 'council_lower_tier'
            else 'council_upper_tier'
        end as comparison_type
    from authorities
    left join successions
        on authorities.gss_code = successions.abolished_code
        and successions.change_type = 'abolished'
),

organisations as (
    select * from police_forces
    union all
    select * from councils
    {%- for model in sector_organisations %}
        union all
        select
            organisation_code,
            organisation_name,
            organisation_type,
            organisation_subtype,
            geography_code,
            registry_code,
            valid_from,
            valid_to,
            successor_organisation_code,
            comparison_type
        from {{ ref(model) }}
    {%- endfor %}
),

predecessors as (
    select
        successor_organisation_code as organisation_code,
        {{ dbt.listagg('organisation_code', "','", 'order by organisation_code') }}
            as predecessor_organisation_codes
    from organisations
    where successor_organisation_code is not null
    group by successor_organisation_code
)

select
    {{ dbt.hash("organisations.organisation_type || '|' || organisations.organisation_code
        || '|' || coalesce(cast(organisations.valid_from as varchar), '')") }}
        as organisation_key,
    organisations.organisation_code,
    organisations.organisation_name,
    organisations.organisation_type,
    organisations.organisation_subtype,
    organisations.geography_code,
    organisations.registry_code,
    organisations.valid_from,
    organisations.valid_to,
    organisations.valid_to is null as is_current,
    organisations.successor_organisation_code,
    predecessors.predecessor_organisation_codes,
    organisations.comparison_type
from organisations
left join predecessors on organisations.organisation_code = predecessors.organisation_code
