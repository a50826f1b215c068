-- The rule that picks the mid-year population for the long series' quarters (the latest 30 June
-- at least twelve months before the quarter ends) gives, for every quarter whose ONS workbook
-- states its estimate (seed ons_pfa_population_basis), the stated one: the series has no break
-- where the workbooks start.
select
    year_ending,
    population_mid_year as stated_mid_year,
    rule_mid_year
from {{ ref('int_police__rate_population_basis') }}
where population_mid_year_source = 'stated'
    and rule_mid_year <> population_mid_year
