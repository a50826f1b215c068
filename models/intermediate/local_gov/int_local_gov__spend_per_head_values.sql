-- Net current expenditure per head on the services only upper-tier councils deliver (children's
-- social care 330, adult social care 360, public health 390), as registry values (columns of
-- sector_values in int_indicators__values_before_disclosure): one row per upper-tier council
-- (shire county, unitary, metropolitan district, London borough) and financial year.
-- Value = 1000 * net current expenditure (GBP thousand) / MYE4 mid-year population of the year
-- the financial year starts in (mid-2018 for 2018-19), in GBP per resident. Shire districts
-- and class O bodies (police, fire, ...) are left out: they do not deliver these services.
-- MYE4 is on 2023 boundaries: a council abolished in the 2019-2023 reorganisations has no
-- population (value x, with the reason); a council whose code is not in dim_geography is left
-- out (no area to put the value on).
{%- set services = {'330': 'childrens_social_care', '360': 'adult_social_care',
                    '390': 'public_health'} %}

with spend as (
    select * from {{ ref('int_local_gov__service_net_current_expenditure') }}
    where authority_type in (
        'shire_county', 'unitary_authority', 'metropolitan_district', 'london_borough')
        and ro_line in ({% for line in services %}'{{ line }}'{{ ', ' if not loop.last }}{% endfor %})
),

population as (
    select area_code, mid_year, population from {{ ref('stg_ons__mye4_population') }}
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
    spend.ons_code as geography_code,
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
            then 'no MYE4 population for this council code (MYE4 is on 2023 boundaries)'
    end as status_reason,
    'complete' as coverage,
    spend.source_file,
    spend.source_sheet,
    spend.source_row_number
from spend
inner join areas on areas.geography_code = spend.ons_code
left join population
    on population.area_code = spend.ons_code
    and population.mid_year = cast(left(spend.financial_year, 4) as integer)
left join organisations on organisations.organisation_code = spend.ons_code
