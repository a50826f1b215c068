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
        nullif(trim(postcode), '') as postcode,
        nullif(trim(gor_code), '') as gor_code,
        cast(
            substr(open_date, 1, 4) || '-' || substr(open_date, 5, 2) || '-'
            || substr(open_date, 7, 2) as date
        ) as open_date,
        case when trim(close_date) <> '' then cast(
            substr(close_date, 1, 4) || '-' || substr(close_date, 5, 2) || '-'
            || substr(close_date, 7, 2) as date
        ) end as close_date,
        -- lineage
        _source_file as source_file,
        _row_number as source_row_number
    from source
)

select * from renamed
