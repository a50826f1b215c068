-- Revenue Outturn Summary (RS), 2018-19 onwards: one row per authority, year and published
-- column of sheet RS_LA_Data_<year>, typed. Values in GBP thousand; '...', '…', '[x]' and
-- '[note 7]' (no return, or not applicable) carry a status symbol and no value, never zero.
with source as (
    select * from {{ source('raw', 'mhclg_revenue_outturn_rs') }}
),

renamed as (
    select
        -- ids
        trim(e_code) as e_code,
        nullif(trim(ons_code), '') as ons_code,
        -- dimensions: the authority
        trim(financial_year) as financial_year,
        'FY' || trim(financial_year) as period_key,
        trim(local_authority) as authority_name,
        -- 2018-19..2020-21 print London boroughs as L, later editions as LB
        case when trim("class") = 'L' then 'LB' else trim("class") end as authority_class,
        trim("class") as authority_class_as_published,
        nullif(trim(detailed_class), '') as detailed_class,
        nullif(trim(notes), '') as notes,
        -- dimensions: the published column. 2021-22 prints no line-number row; its line is in
        -- the column code (C1R190 = form column 1, line 190).
        trim("column") as sheet_column,
        trim(block) as block,
        coalesce(
            nullif(trim(ro_line), ''),
            nullif(regexp_extract(trim(column_code), '^C[0-9]+R(.+)$', 1), '')
        ) as ro_line,
        cast(nullif(trim(form_column), '') as integer) as form_column,
        nullif(trim(column_code), '') as column_code,
        nullif(trim(variable_code), '') as variable_code,
        trim(line_name) as line_name,
        -- measures
        {{ published_number('value') }} as value_gbp_thousand,
        {{ published_status_symbol('value') }} as status_symbol,
        "value" as value_as_published,
        -- lineage
        _source_file as source_file,
        _sheet as source_sheet,
        cast(_row_number as integer) as source_row_number
    from source
)

select * from renamed
