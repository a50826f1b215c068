-- LAIT values as registry values (the indicator value shape, registered in
-- var indicator_value_models): one row per published measure x period x area.
-- A local authority is its own organisation (organisation_code = its GSS code, where
-- dim_organisation has the council); the engine compares it with the other upper-tier councils
-- through its area. Regions and England are area aggregates (organisation_code null). Values are
-- as published (DfE rounds and suppresses LA figures itself); '-' is x, not available. Left
-- out, with the reason in int_education__lait_areas / int_education__lait_periods: Inner and
-- Outer London (no area in dim_geography) and pooled multi-year
-- periods (no dim_period key). Only measures in lait_published_measures().

with values_published as (
    select * from {{ ref('stg_dfe__lait_values') }}
    where {{ lait_is_published_measure('measure_code') }}
),

areas as (
    select * from {{ ref('int_education__lait_areas') }}
    where geography_code is not null
),

periods as (
    select * from {{ ref('int_education__lait_periods') }}
    where period_key is not null
),

definitions as (
    select
        indicator_code,
        subject_code as measure_code
    from {{ ref('int_indicators__lait_definitions') }}
),

organisations as (
    -- councils in dim_organisation; the City of London Corporation is not one of them (its
    -- values keep organisation_code null but are still compared through its area)
    select distinct organisation_code from {{ ref('dim_organisation') }}
)

select
    definitions.indicator_code,
    periods.period_key,
    areas.geography_code,
    case when areas.area_type = 'local_authority' then organisations.organisation_code end
        as organisation_code,
    cast(null as double) as numerator,
    cast(null as double) as denominator,
    values_published.value,
    values_published.status_symbol,
    case
        when values_published.status_symbol is not null
            then 'published in LAIT as ''' || values_published.value_as_published
                || ''' (no figure for this area and year)'
    end as status_reason,
    'complete' as coverage,
    values_published.source_file,
    cast(null as varchar) as source_sheet,
    cast(values_published.source_row_number as integer) as source_row_number
from values_published
inner join definitions on values_published.measure_code = definitions.measure_code
inner join areas on values_published.la_number = areas.la_number
inner join periods
    on values_published.measure_code = periods.measure_code
    and values_published.years_as_published = periods.years_as_published
left join organisations on areas.geography_code = organisations.organisation_code
