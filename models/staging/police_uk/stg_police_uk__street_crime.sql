with source as (
    select * from {{ source('raw', 'police_uk_street_crime') }}
),

renamed as (
    select
        -- ids: anti-social behaviour reports carry no crime id
        nullif(trim(crime_id), '') as crime_id,
        nullif(trim(lsoa_code), '') as lsoa_code,
        -- dimensions
        cast(concat(trim(month), '-01') as date) as month_start,
        trim(reported_by) as reported_by,
        trim(falls_within) as falls_within,
        nullif(trim(lsoa_name), '') as lsoa_name,
        trim(crime_type) as crime_type,
        trim(crime_type) <> 'Anti-social behaviour' as is_recorded_crime,
        nullif(trim(last_outcome_category), '') as last_outcome_category,
        nullif(trim(location), '') as location,
        {{ published_number('longitude') }} as longitude,
        {{ published_number('latitude') }} as latitude,
        -- lineage
        _partition_month as partition_month,
        _source_file as source_file,
        _row_number as source_row_number,
        _loaded_at as loaded_at
    from source
)

select * from renamed
