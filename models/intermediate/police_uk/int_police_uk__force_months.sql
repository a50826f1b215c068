-- Every force-month between a force's first and last loaded month, and whether that month was
-- loaded. A month with no file is missing, not zero: rolling totals over it are incomplete.

with loaded as (
    select distinct
        force_code,
        month_start
    from {{ ref('int_police_uk__monthly_counts') }}
),

force_span as (
    select
        force_code,
        min(month_start) as first_month,
        max(month_start) as last_month
    from loaded
    group by force_code
),

months as (
    select month_start from {{ ref('int_period__months') }}
)

select
    force_span.force_code,
    months.month_start,
    loaded.month_start is not null as is_loaded
from force_span
inner join months
    on months.month_start between force_span.first_month and force_span.last_month
left join loaded
    on force_span.force_code = loaded.force_code
    and months.month_start = loaded.month_start
