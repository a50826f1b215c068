-- One row per local authority district code in England and Wales that any shipped lookup or
-- register knows (current and abolished), with its place in the hierarchy and its successor.

with lookups as (
    select * from {{ ref('stg_ons__lad_csp_pfa_lookup') }}
),

latest_police_lookup as (
    select
        lad_code,
        lad_name,
        pfa_code,
        vintage_year,
        row_number()
            over (partition by lad_code order by vintage_year desc, csp_code asc)
            as recency
    from lookups
),

vintages as (
    select
        lad_code,
        min(vintage_year) as first_vintage,
        max(vintage_year) as last_vintage
    from lookups
    group by lad_code
),

named as (
    select
        area_code as lad_code,
        area_name as lad_name,
        row_number() over (partition by area_code order by vintage_year desc) as recency
    from {{ ref('stg_ons__area_names') }}
    where area_type = 'local_authority_district'
        and (area_code like 'E0%' or area_code like 'W0%')
),

registered as (
    select *
    from {{ ref('stg_mysociety__local_authorities') }}
    where authority_type_code in ('NMD', 'UA', 'MD', 'LBO', 'WPA')
        and (gss_code like 'E0%' or gss_code like 'W0%')
),

successions as (
    select * from {{ ref('int_geography__code_successions') }}
),

all_codes as (
    select lad_code from lookups
    union
    select lad_code from named
    union
    select gss_code from registered
    union
    -- codes retired before the shipped lookups (e.g. Gateshead E08000020, recoded in 2013)
    select abolished_code from successions
    where abolished_code like 'E0%' or abolished_code like 'W0%'
),

regions as (
    select
        area_code as region_code,
        area_name as region_name
    from {{ ref('stg_ons__area_names') }}
    where area_type = 'region'
),

joined as (
    select
        all_codes.lad_code,
        coalesce(
            named.lad_name, registered.nice_name, latest_police_lookup.lad_name,
            successions.abolished_name
        ) as lad_name,
        registered.registry_code,
        registered.authority_type_code,
        case when all_codes.lad_code like 'W%' then 'W92000004' else 'E92000001' end
            as country_code,
        coalesce(
            region_lookup.region_code, regions.region_code, successor_region_lookup.region_code
        )
            as region_code,
        coalesce(
            utla_lookup.utla_code,
            case when registered.authority_type_code <> 'NMD' then all_codes.lad_code end
        ) as utla_code,
        -- a code retired before the lookups began serves the same area as its successor
        coalesce(latest_police_lookup.pfa_code, successor_police_lookup.pfa_code) as pfa_code,
        registered.start_date as valid_from,
        coalesce(registered.end_date, successions.abolished_on) as valid_to,
        successions.abolished_code is not null as has_successor_record,
        successions.current_successor_code,
        vintages.first_vintage as first_lookup_vintage,
        vintages.last_vintage as last_lookup_vintage
    from all_codes
    left join named
        on all_codes.lad_code = named.lad_code and named.recency = 1
    left join registered
        on all_codes.lad_code = registered.gss_code
    left join latest_police_lookup
        on all_codes.lad_code = latest_police_lookup.lad_code and latest_police_lookup.recency = 1
    left join vintages
        on all_codes.lad_code = vintages.lad_code
    left join {{ ref('stg_ons__lad_region_lookup') }} as region_lookup
        on all_codes.lad_code = region_lookup.lad_code
    left join regions
        on lower(regions.region_name) = lower(registered.region_name)
    left join {{ ref('stg_ons__ltla_utla_lookup') }} as utla_lookup
        on all_codes.lad_code = utla_lookup.lad_code
    left join successions
        on all_codes.lad_code = successions.abolished_code
    left join latest_police_lookup as successor_police_lookup
        on successions.current_successor_code = successor_police_lookup.lad_code
        and successor_police_lookup.recency = 1
    left join {{ ref('stg_ons__lad_region_lookup') }} as successor_region_lookup
        on successions.current_successor_code = successor_region_lookup.lad_code
)

select
    lad_code,
    lad_name,
    registry_code,
    authority_type_code,
    country_code,
    case when country_code = 'E92000001' then region_code end as region_code,
    utla_code,
    pfa_code,
    valid_from,
    valid_to,
    -- null for an authority split between several successors: it cannot roll up whole
    case when has_successor_record then current_successor_code else lad_code end
        as current_lad_code,
    first_lookup_vintage,
    last_lookup_vintage
from joined
