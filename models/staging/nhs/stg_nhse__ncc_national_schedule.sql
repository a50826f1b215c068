-- National Cost Collection 2023/24 national schedule: one row per service and currency, typed.
-- Codes and descriptions are published padded with spaces ('01 ', ' Hear & Treat'): trimmed.
-- The unit cost is NHS England's national average (cost / activity, to 4 decimal places).

with source as (
    select * from {{ source('raw', 'nhse_ncc_national_schedule') }}
),

renamed as (
    select
        -- ids
        trim(service_code) as service_code,
        trim(dept_or_currency_code) as currency_code,
        -- dimensions
        '2023-24' as financial_year,
        'FY2023-24' as period_key,
        trim(dept_or_currency_desc) as currency_description,
        -- measures
        {{ published_number('activity') }} as activity,
        {{ published_number('unit_cost') }} as unit_cost,
        {{ published_number('cost') }} as cost,
        -- lineage
        _source_file as source_file,
        _row_number as source_row_number
    from source
)

select * from renamed
