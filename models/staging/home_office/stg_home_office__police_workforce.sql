with source as (
    select * from {{ source('raw', 'ho_police_workforce') }}
),

renamed as (
    select
        -- ids: territorial forces carry their PFA code; British Transport Police has 'N/A'
        case
            when trim(geo_code) in ('', 'N/A') and trim(force_name) = 'British Transport Police'
                then 'BTP'
            else nullif(trim(geo_code), '')
        end as force_code,
        -- dimensions
        cast(cast(trim(as_at_31_march) as integer) as integer) as as_at_year,
        cast(concat(trim(as_at_31_march), '-03-31') as date) as as_at_date,
        trim(force_name) as force_name,
        trim(region) as region_name,
        trim(sex) as sex,
        trim(rank_description) as rank_description,
        -- the publisher spells some worker types in two cases ('Police staff', 'Police Staff')
        upper(substring(trim(worker_type), 1, 1)) || lower(substring(trim(worker_type), 2))
            as worker_type,
        -- measures: volunteers and special constables have headcounts but no FTE (blank)
        {{ published_number('total_headcount') }} as headcount,
        {{ published_number('total_fte') }} as full_time_equivalent,
        -- lineage
        _source_file as source_file,
        _sheet as source_sheet,
        _row_number as source_row_number
    from source
)

select * from renamed
