-- Conformed geography: every GSS-coded area the warehouse reports on, with its parents and
-- validity. Local authority districts that were abolished or recoded point to the district
-- that holds their area today (`current_geography_code`), so time series roll up.

with districts as (
    select * from {{ ref('int_geography__local_authority_districts') }}
),

police_lookup as (
    select * from {{ ref('stg_ons__lad_csp_pfa_lookup') }}
),

names as (
    select
        area_code,
        area_name,
        area_type,
        row_number() over (partition by area_code order by vintage_year desc) as recency
    from {{ ref('stg_ons__area_names') }}
),

district_rows as (
    select
        lad_code as geography_code,
        lad_name as geography_name,
        'local_authority_district' as geography_level,
        coalesce(utla_code, region_code, country_code) as parent_geography_code,
        country_code,
        region_code,
        utla_code,
        pfa_code,
        valid_from,
        valid_to,
        current_lad_code as current_geography_code
    from districts
),

upper_tier_rows as (
    select distinct
        utla.utla_code as geography_code,
        utla.utla_name as geography_name,
        'upper_tier_local_authority' as geography_level,
        coalesce(districts.region_code, districts.country_code) as parent_geography_code,
        districts.country_code,
        districts.region_code,
        utla.utla_code,
        cast(null as varchar) as pfa_code,
        register.start_date as valid_from,
        register.end_date as valid_to,
        case
            when successions.abolished_code is not null then successions.current_successor_code
            else utla.utla_code
        end as current_geography_code
    from {{ ref('stg_ons__ltla_utla_lookup') }} as utla
    inner join districts on utla.lad_code = districts.lad_code
    left join {{ ref('stg_mysociety__local_authorities') }} as register
        on utla.utla_code = register.gss_code
    left join {{ ref('int_geography__code_successions') }} as successions
        on utla.utla_code = successions.abolished_code
    -- a unitary authority is its own upper tier; it is listed once, as a district
    where utla.utla_code <> utla.lad_code
),

abolished_county_rows as (
    -- counties gone before the April 2019 lookup (Dorset) are known from the register
    select
        counties.gss_code as geography_code,
        counties.official_name as geography_name,
        'upper_tier_local_authority' as geography_level,
        coalesce(regions.area_code, 'E92000001') as parent_geography_code,
        'E92000001' as country_code,
        regions.area_code as region_code,
        counties.gss_code as utla_code,
        cast(null as varchar) as pfa_code,
        counties.start_date as valid_from,
        counties.end_date as valid_to,
        successions.current_successor_code as current_geography_code
    from {{ ref('stg_mysociety__local_authorities') }} as counties
    left join names as regions
        on regions.area_type = 'region' and regions.recency = 1
        and lower(regions.area_name) = lower(counties.region_name)
    left join {{ ref('int_geography__code_successions') }} as successions
        on counties.gss_code = successions.abolished_code
    where counties.authority_type_code = 'CTY'
        and counties.gss_code not in (
            select lookup.utla_code from {{ ref('stg_ons__ltla_utla_lookup') }} as lookup
        )
),

csp_rows as (
    select
        csp_code as geography_code,
        max(csp_name) as geography_name,
        'community_safety_partnership' as geography_level,
        max(pfa_code) as parent_geography_code,
        max(case when csp_code like 'W%' then 'W92000004' else 'E92000001' end) as country_code,
        cast(null as varchar) as region_code,
        cast(null as varchar) as utla_code,
        max(pfa_code) as pfa_code,
        cast(null as date) as valid_from,
        cast(null as date) as valid_to,
        csp_code as current_geography_code
    from police_lookup
    group by csp_code
),

pfa_rows as (
    select
        pfa.pfa_code as geography_code,
        pfa.pfa_name as geography_name,
        'police_force_area' as geography_level,
        coalesce(pfa.region_code, pfa.country_code) as parent_geography_code,
        pfa.country_code,
        pfa.region_code,
        cast(null as varchar) as utla_code,
        pfa.pfa_code,
        cast(null as date) as valid_from,
        cast(null as date) as valid_to,
        pfa.pfa_code as current_geography_code
    from {{ ref('int_geography__police_force_areas') }} as pfa
),

region_rows as (
    select
        area_code as geography_code,
        area_name as geography_name,
        'region' as geography_level,
        'E92000001' as parent_geography_code,
        'E92000001' as country_code,
        area_code as region_code,
        cast(null as varchar) as utla_code,
        cast(null as varchar) as pfa_code,
        cast(null as date) as valid_from,
        cast(null as date) as valid_to,
        area_code as current_geography_code
    from names
    where area_type = 'region' and recency = 1
),

health_area_rows as (
    -- NHS England regions, ICBs and sub-ICB locations
    select * from {{ ref('int_geography__health_areas') }}
),

country_rows as (
    select
        geography_code,
        geography_name,
        geography_level,
        parent_geography_code,
        country_code,
        cast(null as varchar) as region_code,
        cast(null as varchar) as utla_code,
        cast(null as varchar) as pfa_code,
        cast(null as date) as valid_from,
        cast(null as date) as valid_to,
        geography_code as current_geography_code
    from (
        values
        ('E92000001', 'England', 'country', 'K04000001', 'E92000001'),
        ('W92000004', 'Wales', 'country', 'K04000001', 'W92000004'),
        (
            'K04000001', 'England and Wales', 'country_group', cast(null as varchar),
            cast(null as varchar)
        )
    ) as countries (
        geography_code, geography_name, geography_level, parent_geography_code, country_code
    )
),

{%- set levels = ['district_rows', 'upper_tier_rows', 'abolished_county_rows', 'csp_rows',
                  'pfa_rows', 'region_rows', 'country_rows', 'health_area_rows'] %}

unioned as (
    {%- for level in levels %}
        select
            geography_code,
            geography_name,
            geography_level,
            parent_geography_code,
            country_code,
            region_code,
            utla_code,
            pfa_code,
            valid_from,
            valid_to,
            current_geography_code
        from {{ level }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
)

select
    geography_code,
    geography_name,
    geography_level,
    parent_geography_code,
    country_code,
    region_code,
    utla_code,
    pfa_code,
    valid_from,
    valid_to,
    -- a recoded district has no end date in the register, but it is no longer its own code
    valid_to is null and current_geography_code = geography_code as is_current,
    current_geography_code
from unioned
