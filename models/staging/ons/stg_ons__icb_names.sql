with source as (
    select * from {{ source('raw', 'ons_icb24_names_codes_en') }}
),

renamed as (
    select
        -- ids
        trim(icb24cd) as icb_code,
        trim(icb24cdh) as icb_ods_code,
        -- dimensions
        2024 as vintage_year,
        trim(icb24nm) as icb_name,
        -- lineage
        _source_file as source_file,
        _row_number as source_row_number
    from source
)

select * from renamed
