-- Net current expenditure per head on the services only upper-tier councils deliver (children's
-- social care 330, adult social care 360, public health 390), as registry values
-- (registered in var indicator_value_models): one row per council that is
-- upper tier today (shire county, unitary, metropolitan district, London borough, typed by its
-- latest RS return) and financial year, on today's (2023) boundaries
-- (int_local_gov__service_spend_current_boundaries): a unitary created in 2019-2023 gets its
-- earlier years from its predecessors (county line, or a split county's population share), so
-- spend and MYE4 population (also on 2023 boundaries) cover the same area every year.
-- Value = 1000 * net current expenditure (GBP thousand) / MYE4 mid-year population of the year
-- the financial year starts in (mid-2018 for 2018-19), in GBP per resident. Shire districts
-- and class O bodies (police, fire, ...) are left out: they do not deliver these services.
-- A council whose code is not in dim_geography is left out (no area to put the value on).
{%- set services = {'330': 'childrens_social_care', '360': 'adult_social_care',
                    '390': 'public_health'} %}
{%- set service_lines = "'" ~ services.keys() | join("', '") ~ "'" %}

with published as (
    select * from {{ ref('int_local_gov__service_net_current_expenditure') }}
    where is_council
),

current_type as (
    select
        ons_code,
        max_by(authority_type, financial_year) as authority_type
    from published
    group by ons_code
),

spend as (
    select current_boundaries.*
    from {{ ref('int_local_gov__service_spend_current_boundaries') }} as current_boundaries
    inner join current_type on current_boundaries.geography_code = current_type.ons_code
    where current_type.authority_type in (
            'shire_county', 'unitary_authority', 'metropolitan_district', 'london_borough'
        )
        and current_boundaries.ro_line in ({{ service_lines }})
),

population as (
    select
        area_code,
        mid_year,
        population
    from {{ ref('stg_ons__mye4_population') }}
),

areas as (
    select geography_code from {{ ref('dim_geography') }}
),

organisations as (
    select distinct organisation_code from {{ ref('dim_organisation') }}
)

select
    case spend.ro_line
        {%- for line, name in services.items() %}
            when '{{ line }}' then 'la_net_current_expenditure_per_head__{{ name }}'
        {%- endfor %}
    end as indicator_code,
    spend.period_key,
    spend.geography_code,
    organisations.organisation_code,
    1000 * spend.net_current_expenditure_gbp_thousand as numerator,
    cast(population.population as double) as denominator,
    1000 * spend.net_current_expenditure_gbp_thousand / population.population as value,
    case
        when spend.net_current_expenditure_gbp_thousand is null
            or population.population is null then 'x'
    end as status_symbol,
    case
        when spend.net_current_expenditure_gbp_thousand is null
            then 'no revenue outturn for this council and year (published as [x])'
        when population.population is null
            then 'no MYE4 population for this council code and year'
    end as status_reason,
    'complete' as coverage,
    spend.source_file,
    spend.source_sheet,
    spend.source_row_number
from spend
inner join areas on spend.geography_code = areas.geography_code
left join population
    on spend.geography_code = population.area_code
    and population.mid_year = cast(left(spend.financial_year, 4) as integer)
left join organisations on spend.geography_code = organisations.organisation_code
