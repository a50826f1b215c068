with source as (
    select * from {{ source('raw', 'ons_la_clusters_allocation') }}
),

renamed as (
    select
        -- ids
        trim(areacd) as area_code,
        -- dimensions: cluster letters A-D as published; '[x]' (not allocated) -> null
        trim(areanm) as area_name,
        case when trim(global) <> '[x]' then trim(global) end as global_cluster,
        case when trim(economic) <> '[x]' then trim(economic) end as economic_cluster,
        case when trim(demographic) <> '[x]' then trim(demographic) end as demographic_cluster,
        trim(global) as global_cluster_as_published,
        trim(economic) as economic_cluster_as_published,
        trim(demographic) as demographic_cluster_as_published,
        -- lineage
        _source_file as source_file,
        _sha256 as source_sha256,
        _row_number as source_row_number
    from source
)

select * from renamed
