{{ config(meta={'dagster': {'ref': {'name': 'stg_nhse__ncc_national_schedule'}}}) }}

-- The national schedule adds up to its published total, "c. £97.7bn" as recorded with the file
-- in data/PROVENANCE.md (to £0.1bn; the file sums to £97,699,722,027.34), and holds all 11,303
-- service x currency rows. A truncated or doubled file, or a misread cost column, fails here.
with schedule as (
    select * from {{ ref('stg_nhse__ncc_national_schedule') }}
),

totals as (
    select
        count(*) as row_count,
        sum(cost) as total_cost
    from schedule
)

select *
from totals
where row_count <> 11303
    or abs(total_cost - 97.7e9) >= 0.05e9
