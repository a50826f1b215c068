-- NHS cost index per trust and financial year (NHS England's National Cost Collection Index
-- method, unadjusted): actual cost, expected cost at national average unit costs for the trust's
-- own case mix, index = 100 x actual / expected (100 = the national average of the trusts
-- loaded). Built from trust-level schedules only: empty when none is loaded. is_synthetic marks
-- figures from generated files (a release built from them is never the default release).

with cost_index as (
    select * from {{ ref('int_nhs_costs__cost_index') }}
),

organisations as (
    select
        organisation_code,
        max(organisation_name) as organisation_name
    from {{ ref('dim_organisation') }}
    group by organisation_code
)

select
    cast(cost_index.organisation_code as varchar) as organisation_code,
    organisations.organisation_name,
    cast(cost_index.financial_year as varchar) as financial_year,
    cast(cost_index.period_key as varchar) as period_key,
    cast(cost_index.currencies as integer) as currencies,
    cast(cost_index.activity as double) as activity,
    cast(cost_index.actual_cost as double) as actual_cost,
    cast(cost_index.expected_cost as double) as expected_cost,
    cast(case when cost_index.expected_cost > 0 then cost_index.cost_index end as double)
        as cost_index,
    cast(cost_index.is_synthetic as boolean) as is_synthetic,
    cast(cost_index.source_file as varchar) as source_file,
    cast(cost_index.source_row_number as integer) as source_row_number
from cost_index
left join organisations on cost_index.organisation_code = organisations.organisation_code
