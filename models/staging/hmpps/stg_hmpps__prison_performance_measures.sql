-- HMPPS Annual Prison Performance Ratings, Table_2: one row per prison, measure and financial
-- year with the measure's value (or the symbol printed instead), typed.
with source as (
    select * from {{ source('raw', 'hmpps_prison_performance_measures') }}
),

renamed as (
    select
        -- ids: prisons are named, not coded
        trim(prison) as prison_name,
        {{ prison_name_key('prison') }} as prison_name_key,
        'FY' || financial_year as period_key,
        trim(measure) as measure,
        -- dimensions
        trim(functional_group) as functional_group,
        'prison_' || {{ prison_function_code('functional_group') }} as comparison_type,
        -- measures
        {{ published_number('measure_value') }} as measure_value,
        {{ moj_status_symbol('measure_value') }} as measure_value_status_symbol,
        synthetic_file = 'true' as is_synthetic,
        -- lineage
        _source_file as source_file,
        _sheet as source_sheet,
        _row_number as source_row_number
    from source
)

select * from renamed
