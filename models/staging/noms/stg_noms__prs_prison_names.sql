with source as (
    select * from {{ source('raw', 'prison_names_in_prs_dataset_2015_16') }}
),

renamed as (
    select
        -- ids: the name as the 2015-16 ratings dataset prints it
        trim(prison) as prison_name,
        -- lineage
        _source_file as source_file,
        _row_number as source_row_number
    from source
)

select * from renamed
