with source as (
    select * from {{ source('raw', 'ons_lad19_ctry19_lookup_uk') }}
),

renamed as (
    select
        -- ids
        trim(lad19cd) as lad_code,
        trim(ctry19cd) as country_code,
        -- dimensions
        2019 as vintage_year,
        trim(lad19nm) as lad_name,
        trim(ctry19nm) as country_name,
        -- lineage
        _source_file as source_file,
        _row_number as source_row_number
    from source
)

select * from renamed
