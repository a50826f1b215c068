{{ config(meta={'dagster': {'ref': {'name': 'stg_dfe__ks2_results'}}}) }}

-- The evidence for the KS2 registry's disclosure threshold (6): DfE suppresses (SUPP) a school's
-- attainment results exactly when its cohort is 5 or fewer. Fails on a suppressed school with 6
-- or more eligible pupils, or a published result for 5 or fewer.
select
    source_file,
    source_row_number,
    urn,
    telig,
    ptrwm_exp,
    ptrwm_exp_symbol
from {{ ref('stg_dfe__ks2_results') }}
where rectype in (1, 2)
    and (
        (ptrwm_exp_symbol = 'c' and telig >= 6)
        or (ptrwm_exp is not null and telig <= 5)
    )
