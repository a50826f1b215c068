-- Unit costs per service, currency and financial year across the trusts loaded: providers,
-- activity, national average unit cost (sum of cost / sum of activity) and the 25th, 50th and
-- 75th percentiles of the trusts' unit costs (Hyndman-Fan definition 7), as NHS England
-- publishes the interquartile range beside the NCC index. Beside them, the published national
-- schedule's activity, cost and unit cost for the same service and currency (2023/24 only).
-- Every line of the national schedule is published (real data, in the default release); the
-- trust columns are null where no trust-level schedule is loaded, and a line only trusts report
-- has null national columns.

with spread as (
    select * from {{ ref('int_nhs_costs__unit_cost_spread') }}
),

national as (
    select * from {{ ref('stg_nhse__ncc_national_schedule') }}
)

select
    cast(coalesce(spread.service_code, national.service_code) as varchar) as service_code,
    cast(coalesce(spread.currency_code, national.currency_code) as varchar) as currency_code,
    coalesce(national.currency_description, cast(spread.currency_description as varchar))
        as currency_description,
    cast(coalesce(spread.financial_year, national.financial_year) as varchar) as financial_year,
    cast(coalesce(spread.period_key, national.period_key) as varchar) as period_key,
    cast(spread.providers as integer) as providers,
    cast(spread.activity as double) as activity,
    cast(spread.total_cost as double) as total_cost,
    cast(spread.national_average_unit_cost as double) as national_average_unit_cost,
    cast(spread.unit_cost_p25 as double) as unit_cost_p25,
    cast(spread.unit_cost_median as double) as unit_cost_median,
    cast(spread.unit_cost_p75 as double) as unit_cost_p75,
    cast(spread.unit_cost_iqr as double) as unit_cost_iqr,
    national.activity as national_schedule_activity,
    national.cost as national_schedule_cost,
    national.unit_cost as national_schedule_unit_cost,
    {{ safe_divide('national.cost', 'national.activity') }} as national_schedule_average_unit_cost,
    coalesce(cast(spread.is_synthetic as boolean), false) as is_synthetic
from spread
full outer join national
    on spread.service_code = national.service_code
    and spread.currency_code = national.currency_code
    and spread.financial_year = national.financial_year
