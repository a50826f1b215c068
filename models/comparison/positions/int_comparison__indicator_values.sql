-- The values the comparison engine compares: one row per organisation x period x indicator,
-- for organisations compared like with like, with the indicator's polarity and the national
-- value beside it. Areas that are organisations (police force areas; upper-tier councils for
-- council measures) are typed by their geography level; organisations that are not areas (NHS
-- trusts, schools) by dim_organisation.comparison_type, and one without a type is never compared.
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
        geography.country_code,
        cast(null as varchar) as comparison_type
    from {{ ref('fct_indicator_value') }} as fct
    inner join {{ ref('dim_geography') }} as geography
        on fct.geography_code = geography.geography_code
),

compared_organisations as (
    select
        organisation_code,
        max(organisation_name) as organisation_name,
        max(comparison_type) as comparison_type
    from {{ ref('dim_organisation') }}
    where comparison_type is not null
    group by organisation_code
),

values_of_organisations as (
    -- values for an organisation that is not an area
    select
        fct.* replace (fct.organisation_code as geography_code),
        organisations.organisation_name as geography_name,
        'organisation' as geography_level,
        cast(null as varchar) as country_code,
        organisations.comparison_type
    from {{ ref('fct_indicator_value') }} as fct
    inner join compared_organisations as organisations
        on fct.organisation_code = organisations.organisation_code
    where fct.geography_code is null
),

all_values as (
    select * from values_with_areas
    union all by name
    select * from values_of_organisations
),

compared as (
    select
        case
            when values_with_areas.comparison_type is not null
                then values_with_areas.comparison_type
            when values_with_areas.geography_level = 'police_force_area'
                then 'police_force_area'
            when registry.sector <> 'police'
                and values_with_areas.geography_level in (
                    'local_authority_district', 'upper_tier_local_authority'
                )
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
    from all_values as values_with_areas
    inner join registry on values_with_areas.indicator_code = registry.indicator_code
),

national as (
    -- the national figure as the source prints it, where it does: England and Wales for the
    -- police, England for England-only sectors
    select
        indicator_code,
        period_key,
        geography_code,
        value
    from {{ ref('fct_indicator_value') }}
    where geography_code in ('K04000001', 'E92000001')
    qualify row_number() over (
            partition by indicator_code, period_key
            order by case geography_code when 'K04000001' then 1 else 2 end
        ) = 1
)

select
    compared.*,
    national.value as national_value,
    national.geography_code as national_geography_code,
    periods.period_label,
    periods.period_type,
    periods.period_end
from compared
inner join {{ ref('dim_period') }} as periods on compared.period_key = periods.period_key
left join national
    on compared.indicator_code = national.indicator_code
    and compared.period_key = national.period_key
where compared.organisation_type is not null
