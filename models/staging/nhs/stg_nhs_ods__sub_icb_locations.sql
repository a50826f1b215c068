-- The ODS eccg download: clinical commissioning groups (all closed by July 2022), the sub-ICB
-- locations that replaced them (many keep the CCG's ODS code), NHS England commissioning hubs
-- and sub-ICB reporting entities. role_codes is ODS position 14 as published (RO319 = sub-ICB
-- location; RO327, RO218 other commissioner roles; '|' separates several).

with source as (
    select * from {{ source('raw', 'nhs_ods_eccg_sub_icb_locations') }}
),

renamed as (
    select
        -- ids
        trim(organisation_code) as organisation_code,
        nullif(trim(national_grouping), '') as nhs_region_ods_code,
        nullif(trim(high_level_health_geography), '') as icb_ods_code,
        -- dimensions
        trim(name) as organisation_name,
        nullif(trim(organisation_sub_type_code), '') as role_codes,
        nullif(trim(postcode), '') as postcode,
        {{ ods_date('open_date') }} as open_date,
        {{ ods_date('close_date') }} as close_date,
        -- lineage
        _source_file as source_file,
        _row_number as source_row_number
    from source
)

select * from renamed
