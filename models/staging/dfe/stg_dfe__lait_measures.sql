-- LAIT data dictionary: one row per measure and topic as published (14 measure codes are listed
-- under two topics). Polarity High/Low says which way is better; '-' and 'NA' give none. Dates are
-- Excel serial numbers (days since 1899-12-30) where they are dates at all ('New Data', 'TBC').

{%- set excel_epoch = "date '1899-12-30'" %}

with source as (
    select * from {{ source('raw', 'dfe_lait_data_dictionary') }}
),

renamed as (
    select
        -- ids
        trim(measure_short) as measure_code,
        {{ lait_indicator_code('measure_short') }} as indicator_code,
        nullif(nullif(trim(measure_code), 'NA'), '') as lait_measure_number,
        -- dimensions
        trim(topic) as topic,
        trim(measure) as measure_name,
        trim(chart_title) as chart_title,
        nullif(trim(polarity), '') as polarity_as_published,
        case trim(polarity)
            when 'High' then 'higher_is_better'
            when 'Low' then 'lower_is_better'
        end as polarity,
        trim(y_axis_name) as unit,
        try_cast(nullif(trim(dps), 'NA') as integer) as decimal_places,
        trim(year_type) as year_type,
        -- LAIT shows no quartile band for measures marked 'N' (range too small to band)
        coalesce(trim(no_quartile) = 'N', false) as lait_hides_quartile_band,
        trim(state_funded_flag) = 'State Funded' as is_state_funded_only,
        trim(table_status) as table_status,
        upper(table_status) like '%DISCONTINUE%' as is_discontinued,
        trim(description) as description,
        trim(methodology) as methodology,
        trim(hyperlink_s) as hyperlinks,
        trim(data_owner_do_supplier_and_contact_details) as data_owner,
        cast({{ excel_epoch }} + try_cast(trim(last_update) as integer) as date)
            as last_update_date,
        cast({{ excel_epoch }} + try_cast(trim(next_update) as integer) as date)
            as next_update_date,
        trim(last_update) as last_update_as_published,
        trim(next_update) as next_update_as_published,
        -- lineage
        _source_file as source_file,
        _row_number as source_row_number
    from source
)

select * from renamed
