-- NHS health geography as dim_geography rows: NHS England regions (E40), integrated care boards
-- (E54) and sub-ICB locations (E38), each with its parent (sub-ICB location -> ICB -> NHS region
-- -> England). Sources: ONS LOC22-ICB22-NHSER22 lookup (July 2022) for the hierarchy, ONS ICB
-- names and codes (December 2024) for current ICB codes, ODS eccg for the ICB each sub-ICB
-- location belongs to now and for close dates. Surrey Heartlands and Sussex ICBs were recoded
-- after July 2022 (E54000052/53 -> E54000063/64, same ODS codes QXU/QNX): the 2022 codes are
-- kept as no-longer-current rows that point to the current code. ICBs are matched across
-- vintages by ODS code. Start dates are not in these files, so valid_from is null.

with lookup as (
    select * from {{ ref('stg_ons__sub_icb_icb_nhser_lookup') }}
),

current_icbs as (
    select * from {{ ref('stg_ons__icb_names') }}
),

ods_locations as (
    select * from {{ ref('stg_nhs_ods__sub_icb_locations') }}
),

icb_regions as (
    -- the NHS England region of each ICB, by ODS code (unchanged by the recoding)
    select distinct
        icb_ods_code,
        nhs_region_code
    from lookup
),

region_rows as (
    select distinct
        nhs_region_code as geography_code,
        nhs_region_name as geography_name,
        'nhs_england_region' as geography_level,
        'E92000001' as parent_geography_code,
        nhs_region_code as current_geography_code,
        cast(null as date) as valid_to
    from lookup
),

current_icb_rows as (
    select
        current_icbs.icb_code as geography_code,
        current_icbs.icb_name as geography_name,
        'integrated_care_board' as geography_level,
        icb_regions.nhs_region_code as parent_geography_code,
        current_icbs.icb_code as current_geography_code,
        cast(null as date) as valid_to
    from current_icbs
    left join icb_regions on current_icbs.icb_ods_code = icb_regions.icb_ods_code
),

recoded_icb_rows as (
    select distinct
        lookup.icb_code as geography_code,
        lookup.icb_name as geography_name,
        'integrated_care_board' as geography_level,
        lookup.nhs_region_code as parent_geography_code,
        current_icbs.icb_code as current_geography_code,
        cast(null as date) as valid_to
    from lookup
    left join current_icbs on lookup.icb_ods_code = current_icbs.icb_ods_code
    where lookup.icb_code not in (select all_icbs.icb_code from current_icbs as all_icbs)
),

sub_icb_rows as (
    select
        lookup.sub_icb_location_code as geography_code,
        lookup.sub_icb_location_name as geography_name,
        'sub_icb_location' as geography_level,
        -- the ICB the location belongs to now (ODS), at its current GSS code
        coalesce(current_icbs.icb_code, lookup.icb_code) as parent_geography_code,
        lookup.sub_icb_location_code as current_geography_code,
        ods_locations.close_date as valid_to
    from lookup
    left join ods_locations
        on lookup.sub_icb_location_ods_code = ods_locations.organisation_code
    left join current_icbs
        on current_icbs.icb_ods_code = coalesce(ods_locations.icb_ods_code, lookup.icb_ods_code)
),

health_areas as (
    select * from region_rows
    union all
    select * from current_icb_rows
    union all
    select * from recoded_icb_rows
    union all
    select * from sub_icb_rows
)

select
    geography_code,
    geography_name,
    geography_level,
    parent_geography_code,
    'E92000001' as country_code,
    -- ONS regions (E12) are not NHS England regions; no council or police area applies
    cast(null as varchar) as region_code,
    cast(null as varchar) as utla_code,
    cast(null as varchar) as pfa_code,
    cast(null as date) as valid_from,
    valid_to,
    current_geography_code
from health_areas
