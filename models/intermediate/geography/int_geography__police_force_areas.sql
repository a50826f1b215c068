-- Police force areas of England and Wales with the region and country they lie in (a PFA follows
-- whole districts and never crosses a region; Welsh PFAs have no English region).

with police_lookup as (
    select distinct
        lad_code,
        pfa_code
    from {{ ref('stg_ons__lad_csp_pfa_lookup') }}
),

districts as (
    select * from {{ ref('int_geography__local_authority_districts') }}
),

pfa_regions as (
    select
        police_lookup.pfa_code,
        max(districts.region_code) as region_code,
        max(districts.country_code) as country_code,
        count(distinct districts.region_code) as regions_touched
    from police_lookup
    inner join districts on police_lookup.lad_code = districts.lad_code
    group by police_lookup.pfa_code
)

select
    pfa.pfa_code,
    pfa.pfa_name,
    pfa_regions.region_code,
    pfa_regions.country_code,
    pfa_regions.regions_touched
from {{ ref('stg_dfe__police_force_areas') }} as pfa
left join pfa_regions on pfa.pfa_code = pfa_regions.pfa_code
-- England and Wales: the DfE list also carries Scotland, Northern Ireland and placeholder codes
where pfa.pfa_code like 'E23%' or pfa.pfa_code like 'W15%'
