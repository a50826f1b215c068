with source as (
    select * from {{ source('raw', 'oflog_adult_social_care_metrics') }}
),

renamed as (
    select
        -- ids
        trim(local_authority_code) as local_authority_code,
        upper(trim(code)) as measure_code,
        -- dimensions
        trim(financial_year) as financial_year,
        'FY' || trim(financial_year) as period_key,
        trim(local_authority_name) as local_authority_name,
        trim(entity_name) as authority_group,
        trim(region) as region_name,
        trim(measure) as measure_name,
        -- Oflog's rank_order says which way is better: desc = higher is better; 'None' = neither;
        -- blank on rows with no value
        case
            when lower(trim(rank_order)) = 'desc' then 'higher_is_better'
            when lower(trim(rank_order)) = 'asc' then 'lower_is_better'
        end as polarity,
        nullif(trim(rank_order), '') as rank_order_as_published,
        -- measures: a blank value is not available, never zero
        {{ published_number('value') }} as value,
        {{ published_status_symbol('value') }} as status_symbol,
        -- lineage
        _source_file as source_file,
        _row_number as source_row_number
    from source
)

select * from renamed
