with source as (
    select * from {{ source('raw', 'prison_nomis_codes_2017') }}
),

renamed as (
    select
        -- ids
        trim(nomis) as nomis_code,
        nullif(trim(prison), '') as prison_estate_code,
        -- dimensions
        trim(name) as establishment_name,
        trim(nomis_name) as nomis_name,
        -- lineage
        _source_file as source_file,
        _row_number as source_row_number
    from source
)

select * from renamed
