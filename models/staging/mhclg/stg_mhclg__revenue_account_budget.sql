-- Revenue Account (RA) budget, one row per authority x published column as landed; the cell as
-- a number (GBP thousand) or, for '…' / '...' (not returned) and blanks, a status symbol.

with source as (
    select * from {{ source('raw', 'mhclg_revenue_account_budget') }}
),

renamed as (
    select
        -- ids
        trim(ecode) as ecode,
        nullif(trim(ons_code), '') as ons_code,
        -- dimensions
        trim(financial_year) as financial_year,
        'FY' || trim(financial_year) as period_key,
        trim(authority_name) as authority_name,
        nullif(trim(authority_flag), '') as authority_flag,
        trim(authority_class) as authority_class,
        cast(column_number as integer) as column_number,
        nullif(trim(block), '') as ra_block,
        nullif(trim(line_code), '') as ra_line,
        trim(column_label) as ra_label,
        -- measures
        value as published_value,
        {{ published_number('value') }} as value_gbp_thousand,
        {{ published_status_symbol('value') }} as status_symbol,
        -- lineage
        _source_file as source_file,
        _sheet as source_sheet,
        _row_number as source_row_number
    from source
)

select * from renamed
