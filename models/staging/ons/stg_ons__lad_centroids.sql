-- ONS LAD 2023 centroids (British National Grid metres): where each district is. The same raw
-- table gives stg_ons__area_names its district names; this view keeps only the coordinates.
with source as (
    select * from {{ source('raw', 'ons_lad23_names_centroids_uk') }}
),

renamed as (
    select
        -- ids
        trim(lad23cd) as lad_code,
        -- coordinates
        cast(nullif(trim(bng_e), '') as double) as bng_e,
        cast(nullif(trim(bng_n), '') as double) as bng_n,
        -- lineage
        _source_file as source_file,
        _row_number as source_row_number
    from source
)

select * from renamed
