-- English indices of deprivation 2019, File 10, sheet Income: one row per 2019 district.
with source as (
    select * from {{ source('raw', 'mhclg_iod2019_lad_summaries_income') }}
),

renamed as (
    select
        -- ids
        trim(local_authority_district_code_2019) as lad19_code,
        -- dimensions
        trim(local_authority_district_name_2019) as lad19_name,
        'income' as domain,
        -- measures (ranks: 1 = most deprived)
        cast({{ published_number('income_average_rank') }} as double) as average_rank,
        cast(
            {{ published_number('income_rank_of_average_rank') }}
            as integer
        ) as rank_of_average_rank,
        cast({{ published_number('income_average_score') }} as double) as average_score,
        cast(
            {{ published_number('income_rank_of_average_score') }}
            as integer
        ) as rank_of_average_score,
        cast(
            {{ published_number('income_proportion_of_lsoas_in_most_deprived_10_nationally') }}
            as double
        ) as proportion_lsoas_most_deprived_10pct,
        cast(
            {{ published_number(
                'income_rank_of_proportion_of_lsoas_in_most_deprived_10_nationally'
            ) }}
            as integer
        ) as rank_of_proportion_lsoas_most_deprived_10pct,
        cast({{ published_number('income_scale') }} as double) as scale,
        cast({{ published_number('rank_of_income_scale') }} as integer) as rank_of_scale,
        -- lineage
        _source_file as source_file,
        _sheet as source_sheet,
        _row_number as source_row_number
    from source
)

select * from renamed
