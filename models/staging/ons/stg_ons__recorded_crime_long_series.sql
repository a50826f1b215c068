-- ONS recorded crime by police force area, the long series (rec-crime-pfa.csv): one row per
-- 12-month period, police force area (or fraud reporting body) and offence as published, typed.
-- The period is read by its month: the file prints 30-12-2017 for the year ending December 2017.

with source as (
    select * from {{ source('raw', 'ons_recorded_crime_long_series') }}
),

renamed as (
    select
        -- ids
        trim(pfa) as pfa_name,
        trim(offence) as offence_as_published,
        -- dimensions
        cast({{ dbt.last_day(
            "make_date(cast(substr(\"12_months_ending\", 7, 4) as integer), "
            ~ "cast(substr(\"12_months_ending\", 4, 2) as integer), 1)", 'month') }} as date)
            as year_ending,
        "12_months_ending" as year_ending_as_published,
        trim(region) as region_name,
        case
            when trim(region) like 'Fraud:%' then 'fraud_reporting_body'
            when trim(pfa) = 'British Transport Police' then 'national_force'
            else 'police_force_area'
        end as row_type,
        -- measures
        cast(rolling_year_total_number_of_offences as bigint) as recorded_crimes,
        -- lineage
        _source_file as source_file,
        _sha256 as source_sha256,
        _row_number as source_row_number,
        _loaded_at as loaded_at
    from source
)

select * from renamed
