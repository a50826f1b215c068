with source as (
    select * from {{ source('raw', 'former_prisons') }}
),

renamed as (
    select
        -- ids
        trim(prison) as prison_estate_code,
        trim(nomis) as nomis_code,
        -- dimensions
        trim(name) as prison_name,
        trim(official_name) as official_name,
        -- address parts are published separated by '|'
        replace(trim(address_text), '|', ', ') as address,
        nullif(trim(postcode), '') as postcode,
        -- dates: published to day, month or year
        nullif(trim(start_date), '') as start_date_as_published,
        nullif(trim(end_date), '') as end_date_as_published,
        {{ published_partial_date_end('end_date') }} as end_date,
        {{ published_date_precision('end_date') }} as end_date_precision,
        -- lineage
        _source_file as source_file,
        _row_number as source_row_number
    from source
)

select * from renamed
