-- ONS names-and-codes lists stacked: one row per area code per vintage.
with regions as (
    select
        trim(rgn19cd) as area_code,
        trim(rgn19nm) as area_name,
        nullif(trim(rgn19nmw), '') as area_name_welsh,
        'region' as area_type,
        2019 as vintage_year,
        _source_file,
        _row_number
    from {{ source('raw', 'ons_rgn19_names_codes_en') }}
),

police_force_areas as (
    select
        trim(pfa19cd) as area_code,
        trim(pfa19nm) as area_name,
        cast(null as varchar) as area_name_welsh,
        'police_force_area' as area_type,
        2019 as vintage_year,
        _source_file,
        _row_number
    from {{ source('raw', 'ons_pfa19_names_codes_uk') }}
),

community_safety_partnerships as (
    select
        trim(csp19cd) as area_code,
        trim(csp19nm) as area_name,
        nullif(trim(csp19nmw), '') as area_name_welsh,
        'community_safety_partnership' as area_type,
        2019 as vintage_year,
        _source_file,
        _row_number
    from {{ source('raw', 'ons_csp19_names_codes_ew') }}
),

districts_2023 as (
    select
        trim(lad23cd) as area_code,
        trim(lad23nm) as area_name,
        nullif(trim(lad23nmw), '') as area_name_welsh,
        'local_authority_district' as area_type,
        2023 as vintage_year,
        _source_file,
        _row_number
    from {{ source('raw', 'ons_lad23_names_centroids_uk') }}
),

stacked as (
    select * from regions
    union all
    select * from police_force_areas
    union all
    select * from community_safety_partnerships
    union all
    select * from districts_2023
),

renamed as (
    select
        area_code,
        area_name,
        area_name_welsh,
        area_type,
        vintage_year,
        _source_file as source_file,
        _row_number as source_row_number
    from stacked
)

select * from renamed
