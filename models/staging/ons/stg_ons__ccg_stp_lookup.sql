with source as (
    select * from {{ source('raw', 'ons_ccg20_stp20_lookup_en') }}
),

renamed as (
    select
        -- ids
        trim(ccg20cd) as ccg_code,
        trim(ccg20cdh) as ccg_ods_code,
        trim(stp20cd) as stp_code,
        trim(stp20cdh) as stp_ods_code,
        -- dimensions
        2020 as vintage_year,
        trim(ccg20nm) as ccg_name,
        trim(stp20nm) as stp_name,
        -- lineage
        _source_file as source_file,
        _row_number as source_row_number
    from source
)

select * from renamed
