with source as (
    select * from {{ source('raw', 'ons_subicb22_icb22_nhser22_lookup_en') }}
),

renamed as (
    select
        -- ids
        trim(loc22cd) as sub_icb_location_code,
        trim(loc22cdh) as sub_icb_location_ods_code,
        trim(icb22cd) as icb_code,
        trim(icb22cdh) as icb_ods_code,
        trim(nhser22cd) as nhs_region_code,
        trim(nhser22cdh) as nhs_region_ods_code,
        -- dimensions
        2022 as vintage_year,
        trim(loc22nm) as sub_icb_location_name,
        trim(icb22nm) as icb_name,
        trim(nhser22nm) as nhs_region_name,
        -- lineage
        _source_file as source_file,
        _row_number as source_row_number
    from source
)

select * from renamed
