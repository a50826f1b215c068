-- The day spine, 1 January 2000 to 31 December 2030 (dim_period's range): MetricFlow's time
-- spine (models/marts/semantic/), which it joins to for metric_time at any grain.

with day_offsets as (
    {{ integer_series(11323) }}
)

select cast({{ dbt.dateadd('day', 'n', "cast('2000-01-01' as date)") }} as date) as date_day
from day_offsets
