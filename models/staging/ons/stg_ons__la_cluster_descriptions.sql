with source as (
    select * from {{ source('raw', 'ons_la_cluster_descriptions') }}
),

renamed as (
    select
        -- ids: the JSON writes cluster codes in lower case, the allocation file in upper case
        trim(cluster_type) as cluster_type,
        upper(trim(cluster_code)) as cluster_code,
        -- dimensions
        description,
        -- lineage
        _source_file as source_file,
        _row_number as source_row_number
    from source
)

select * from renamed
