{{ config(meta={'dagster': {'ref': {'name': 'int_local_gov__service_spend_current_boundaries'}}}) }}

-- Nothing double counted, nothing dropped: per financial year and service line, the England
-- total of council net current expenditure on current (2023) boundaries equals the total of
-- the councils as published that year (apportioned split counties' shares sum to 1, so the
-- two agree to floating point; 0.001 = one GBP). Every row must sit on a council code that
-- has an MYE4 mid-2023 population, i.e. is on today's boundaries. Returns what fails.
with published as (
    select
        financial_year,
        ro_line,
        sum(net_current_expenditure_gbp_thousand) as england_total
    from {{ ref('int_local_gov__service_net_current_expenditure') }}
    where is_council
    group by financial_year, ro_line
),

current_boundaries as (
    select
        financial_year,
        ro_line,
        sum(net_current_expenditure_gbp_thousand) as england_total
    from {{ ref('int_local_gov__service_spend_current_boundaries') }}
    group by financial_year, ro_line
),

not_current as (
    select distinct
        spend.financial_year,
        spend.ro_line
    from {{ ref('int_local_gov__service_spend_current_boundaries') }} as spend
    left join {{ ref('stg_ons__mye4_population') }} as population
        on spend.geography_code = population.area_code and population.mid_year = 2023
    where population.area_code is null
)

select
    published.financial_year,
    published.ro_line,
    published.england_total as published_total,
    current_boundaries.england_total as current_boundaries_total,
    not_current.ro_line is not null as has_code_not_on_current_boundaries
from published
full outer join current_boundaries
    on published.financial_year = current_boundaries.financial_year
    and published.ro_line = current_boundaries.ro_line
left join not_current
    on not_current.financial_year
    = coalesce(published.financial_year, current_boundaries.financial_year)
    and not_current.ro_line = coalesce(published.ro_line, current_boundaries.ro_line)
where
    published.financial_year is null
    or current_boundaries.financial_year is null
    or abs(published.england_total - current_boundaries.england_total) > 0.001
    or not_current.ro_line is not null
