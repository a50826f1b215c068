-- The values the comparison engine compares: one row per organisation x period x indicator,
-- for organisations compared like with like (police force areas; upper-tier councils for the
-- social care metrics), with the indicator's polarity and the national value beside it.
-- Counts are left out: a count measures size, not performance, so it is never ranked.

with registry as (
    select * from {{ ref('dim_indicator') }}
    where measure <> 'count'
),

values_with_areas as (
    select
        fct.*,
        geography.geography_name,
        geography.geography_level,
        geography.country_code
    from {{ ref('fct_indicator_value') }} as fct
    inner join {{ ref('dim_geography') }} as geography
        on geography.geography_code = fct.geography_code
),

compared as (
    select
        case
            when values_with_areas.geography_level = 'police_force_area'
                then 'police_force_area'
            when registry.sector = 'local_government'
                and values_with_areas.geography_level in (
                    'local_authority_district', 'upper_tier_local_authority')
                then 'council_upper_tier'
        end as organisation_type,
        values_with_areas.geography_code as organisation_code,
        values_with_areas.geography_name as organisation_name,
        values_with_areas.country_code,
        values_with_areas.period_key,
        registry.indicator_code,
        registry.indicator_name,
        registry.unit,
        registry.measure,
        registry.polarity,
        registry.peer_average_method,
        registry.decimal_places,
        values_with_areas.value,
        values_with_areas.numerator,
        values_with_areas.denominator,
        values_with_areas.status_symbol
    from values_with_areas
    inner join registry on registry.indicator_code = values_with_areas.indicator_code
),

national as (
    -- the figure for England and Wales as the source prints it, where it does
    select indicator_code, period_key, geography_code, value
    from {{ ref('fct_indicator_value') }}
    where geography_code = 'K04000001'
)

select
    compared.*,
    national.value as national_value,
    national.geography_code as national_geography_code,
    periods.period_label,
    periods.period_type,
    periods.period_end
from compared
inner join {{ ref('dim_period') }} as periods on periods.period_key = compared.period_key
left join national
    on national.indicator_code = compared.indicator_code
    and national.period_key = compared.period_key
where compared.organisation_type is not null
