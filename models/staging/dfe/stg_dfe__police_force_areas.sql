with source as (
    select * from {{ source('raw', 'dfe_police_force_areas') }}
),

renamed as (
    select
        trim(pfa_code) as pfa_code,
        trim(pfa_name) as pfa_name,
        trim(status) as status,
        _source_file as source_file,
        _row_number as source_row_number
    from source
)

select * from renamed
