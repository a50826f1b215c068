with source as (
    select * from {{ source('raw', 'mysociety_uk_local_authorities') }}
),

renamed as (
    select
        -- ids
        trim(local_authority_code) as registry_code,
        nullif(trim(gss_code), '') as gss_code,
        nullif(trim(replaced_by), '') as replaced_by_registry_codes,
        nullif(trim(former_gss_codes), '') as former_gss_codes,
        nullif(trim(ecode), '') as mhclg_ecode,
        -- dimensions
        trim(official_name) as official_name,
        trim(nice_name) as nice_name,
        trim(nation) as nation,
        nullif(trim(region), '') as region_name,
        trim(local_authority_type) as authority_type_code,
        trim(local_authority_type_name) as authority_type_name,
        nullif(trim(county_la), '') as county_registry_code,
        lower(trim(current_authority)) = 'true' as is_current,
        -- dates
        cast(nullif(trim(start_date), '') as date) as start_date,
        cast(nullif(trim(end_date), '') as date) as end_date,
        -- lineage
        _source_file as source_file,
        _row_number as source_row_number
    from source
)

select * from renamed
