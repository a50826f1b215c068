{{ config(meta={'dagster': {'ref': {'name': 'int_context__council_variables'}}}) }}

-- Upper-tier context variables sum their districts: each county's population must equal the
-- county row ONS publishes in MYE4 (mid-2023).
select
    variables.organisation_code,
    variables.value,
    published.population
from {{ ref('int_context__council_variables') }} as variables
inner join {{ ref('stg_ons__mye4_population') }} as published
    on variables.organisation_code = published.area_code and published.mid_year = 2023
where variables.organisation_type = 'council_upper_tier'
    and variables.variable = 'population'
    and variables.value <> published.population
