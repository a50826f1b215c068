-- The NHS cost index as registry values (indicator nhs_cost_index), one per trust and financial
-- year: numerator = actual cost, denominator = expected cost at national average unit costs,
-- value = 100 x numerator / denominator. A trust is an organisation, not an area: geography_code
-- is null. Registered in var indicator_value_models.

with cost_index as (
    select * from {{ ref('int_nhs_costs__cost_index') }}
)

select
    'nhs_cost_index' as indicator_code,
    cast(period_key as varchar) as period_key,
    cast(null as varchar) as geography_code,
    cast(organisation_code as varchar) as organisation_code,
    cast(actual_cost as double) as numerator,
    cast(expected_cost as double) as denominator,
    cast(case when expected_cost > 0 then cost_index end as double) as value,
    case when not expected_cost > 0 then 'x' end as status_symbol,
    case when not expected_cost > 0
            then 'no expected cost: no activity in a currency with a national average'
    end
        as status_reason,
    'complete' as coverage,
    cast(source_file as varchar) as source_file,
    cast(null as varchar) as source_sheet,
    cast(source_row_number as integer) as source_row_number
from cost_index
