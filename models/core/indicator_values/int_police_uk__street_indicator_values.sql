-- Street-level crime from data.police.uk (all crime types) as indicator values: crimes per
-- force and month, and rolling 12-month totals where all 12 months are loaded. Files carry no
-- sheet or row lineage at this grain (rows are counted), so lineage columns are null.

with street as (
    select * from {{ ref('int_police_uk__rolling_12_months') }}
    where crime_type = 'All crime'
),

street_months as (
    select
        'police_uk_street_crimes_month' as indicator_code,
        month_period_key as period_key,
        force_code as geography_code,
        cast(crimes as double) as numerator,
        cast(null as double) as denominator,
        cast(crimes as double) as value,
        case when crimes is null then 'x' end as status_symbol,
        case when crimes is null then 'month not loaded' end as status_reason,
        case when is_loaded then 'complete' else 'missing' end as coverage,
        cast(null as varchar) as source_file,
        cast(null as varchar) as source_sheet,
        cast(null as integer) as source_row_number
    from street
),

street_rolling as (
    select
        'police_uk_street_crimes_rolling_12_months' as indicator_code,
        year_ending_period_key as period_key,
        force_code as geography_code,
        cast(rolling_12_month_crimes as double) as numerator,
        cast(null as double) as denominator,
        cast(rolling_12_month_crimes as double) as value,
        case when rolling_12_month_crimes is null then 'x' end as status_symbol,
        case when rolling_12_month_crimes is null
                then cast(months_loaded_in_window as varchar) || ' of 12 months loaded'
        end
            as status_reason,
        rolling_12_month_coverage as coverage,
        cast(null as varchar) as source_file,
        cast(null as varchar) as source_sheet,
        cast(null as integer) as source_row_number
    from street
),

street_values as (
    select * from street_months
    union all
    select * from street_rolling
)

{{ with_area_organisations('street_values') }}
