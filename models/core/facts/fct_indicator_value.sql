-- One row per area or organisation x period x indicator: the spine every comparison reads, as
-- published: after statistical disclosure control (int_indicators__values_disclosed). A value
-- that cannot be given carries a GSS status symbol and a reason, never a blank that reads as
-- zero. Lineage points at the published cell behind the numerator. is_latest_period marks the
-- rows of each indicator's latest period among rows of the same kind of unit (an area's geography
-- level, else the organisation's type) and the same period type.

with values_disclosed as (
    select * from {{ ref('int_indicators__values_disclosed') }}
),

flagged as (
    select
        values_disclosed.*,
        periods.period_end = max(periods.period_end) over (
            partition by
                values_disclosed.indicator_code,
                coalesce(areas.geography_level, organisations.organisation_type),
                periods.period_type
        ) as is_latest_period
    from values_disclosed
    inner join {{ ref('dim_period') }} as periods
        on values_disclosed.period_key = periods.period_key
    left join {{ ref('dim_geography') }} as areas
        on values_disclosed.geography_code = areas.geography_code
    left join {{ ref('dim_organisation') }} as organisations
        on values_disclosed.organisation_code = organisations.organisation_code
)

select
    cast(indicator_value_id as varchar) as indicator_value_id,
    cast(indicator_code as varchar) as indicator_code,
    cast(period_key as varchar) as period_key,
    cast(is_latest_period as boolean) as is_latest_period,
    cast(geography_code as varchar) as geography_code,
    cast(organisation_code as varchar) as organisation_code,
    cast(numerator as double) as numerator,
    cast(denominator as double) as denominator,
    cast(value as double) as value,
    cast(status_symbol as varchar) as status_symbol,
    cast(status_reason as varchar) as status_reason,
    cast(coverage as varchar) as coverage,
    cast(source_file as varchar) as source_file,
    cast(source_sheet as varchar) as source_sheet,
    cast(source_row_number as integer) as source_row_number
from flagged
