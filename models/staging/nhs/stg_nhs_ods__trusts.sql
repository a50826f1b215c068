-- NHS trusts from the ODS etr download (headerless ODS layout, positions named by the loader).
-- Dates are published as YYYYMMDD (checked by the loader); a blank close date = still open.

with source as (
    select * from {{ source('raw', 'nhs_ods_etr_trusts') }}
),

renamed as (
    select
        -- ids
        trim(organisation_code) as organisation_code,
        nullif(trim(national_grouping), '') as nhs_region_ods_code,
        nullif(trim(high_level_health_geography), '') as icb_ods_code,
        -- dimensions
        trim(name) as organisation_name,
        nullif(trim(address_line_4), '') as town,
        nullif(trim(address_line_5), '') as county,
        nullif(trim(postcode), '') as postcode,
        nullif(trim(gor_code), '') as gor_code,
        {{ ods_date('open_date') }} as open_date,
        {{ ods_date('close_date') }} as close_date,
        -- lineage
        _source_file as source_file,
        _row_number as source_row_number
    from source
)

select * from renamed
