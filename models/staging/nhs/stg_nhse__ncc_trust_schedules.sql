-- National Cost Collection trust-level schedules: one row per organisation, service and
-- currency, typed; the financial year comes from the file name. Empty when no file is loaded.
-- is_synthetic: the row's file was generated (it has a .synthetic.json sidecar), not published.

with source as (
    select * from {{ source('raw', 'nhse_ncc_trust_schedules') }}
),

renamed as (
    select
        -- ids
        upper(trim(organisation_code)) as organisation_code,
        trim(service_code) as service_code,
        trim(currency_code) as currency_code,
        -- dimensions
        financial_year,
        'FY' || financial_year as period_key,
        trim(currency_description) as currency_description,
        -- measures
        {{ published_number('activity') }} as activity,
        {{ published_number('unit_cost') }} as unit_cost,
        {{ published_number('total_cost') }} as total_cost,
        -- lineage
        synthetic_file = 'true' as is_synthetic,
        _source_file as source_file,
        _row_number as source_row_number
    from source
)

select * from renamed
