with source as (
    select * from {{ source('raw', 'prison_register_2017') }}
),

renamed as (
    select
        -- ids
        trim(prison_estate) as prison_estate_code,
        -- dimensions
        trim(name) as prison_name,
        -- dates: published to day, month or year; blank = not given (open, or not recorded)
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
