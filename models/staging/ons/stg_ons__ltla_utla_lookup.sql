with source as (
    select * from {{ source('raw', 'ons_ltla19_utla19_lookup_ew') }}
),

renamed as (
    select
        -- ids
        trim(ltla19cd) as lad_code,
        trim(utla19cd) as utla_code,
        -- dimensions
        2019 as vintage_year,
        trim(ltla19nm) as lad_name,
        trim(utla19nm) as utla_name,
        -- lineage
        _source_file as source_file,
        _row_number as source_row_number
    from source
)

select * from renamed
