with source as (
    select * from {{ source('raw', 'ons_lad18_rgn18_lookup_en') }}
),

renamed as (
    select
        -- ids
        trim(lad18cd) as lad_code,
        trim(rgn18cd) as region_code,
        -- dimensions
        2018 as vintage_year,
        trim(lad18nm) as lad_name,
        trim(rgn18nm) as region_name,
        -- lineage
        _source_file as source_file,
        _row_number as source_row_number
    from source
)

select * from renamed
