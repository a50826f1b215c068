{{ config(meta={'dagster': {'ref': {'name': 'stg_dfe__ks2_results'}}}) }}

-- DfE prints the same England rows (RECTYPE 4 and 5) in every LA file of a year; Frontline takes
-- the first file's, so the files must agree.
select
    period_key,
    rectype,
    count(*) as distinct_versions
from (
    select distinct
        period_key,
        rectype,
        telig,
        ptrwm_exp,
        ptrwm_high,
        ptrwm_exp_symbol,
        readprog_symbol
    from {{ ref('stg_dfe__ks2_results') }}
    where rectype in (4, 5)
)
group by period_key, rectype
having count(*) > 1
