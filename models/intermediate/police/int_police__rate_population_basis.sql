-- Which mid-year population estimate each year-ending quarter's crime rate divides by. Where an
-- ONS workbook states it (seed ons_pfa_population_basis: years ending March 2018 to December
-- 2019), the stated one; for the quarters of the long series, which prints no rates, the same
-- choice: the latest mid-year (30 June) at least twelve months before the quarter ends
-- (year ending March Y: mid-(Y-2); June, September, December Y: mid-(Y-1)). The rule gives every
-- stated quarter's estimate (tested), so the series has no break where the workbooks start.

with quarters as (
    select distinct year_ending
    from {{ ref('int_police__recorded_crime_vintages') }}
),

stated as (
    select
        cast(year_ending as date) as year_ending,
        cast(population_mid_year as integer) as population_mid_year,
        basis_note
    from {{ ref('ons_pfa_population_basis') }}
),

ruled as (
    select
        year_ending,
        cast(
            extract(year from year_ending)
            - case when extract(month from year_ending) >= 6 then 1 else 2 end
            as integer
        ) as rule_mid_year
    from quarters
)

select
    ruled.year_ending,
    coalesce(stated.population_mid_year, ruled.rule_mid_year) as population_mid_year,
    ruled.rule_mid_year,
    case when stated.year_ending is not null then 'stated' else 'rule' end
        as population_mid_year_source,
    coalesce(
        stated.basis_note,
        'Not stated (the long series prints no rates): the latest mid-year estimate at least '
        || 'twelve months before the quarter ends, the choice the ONS tables state for every '
        || 'quarter from year ending March 2018 to December 2019'
    ) as basis_note
from ruled
left join stated on ruled.year_ending = stated.year_ending
