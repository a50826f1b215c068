{{ config(meta={'dagster': {'ref': {'name': 'rpt_education_ks2_la_reconciliation'}}}) }}

-- DfE's LA row counts every mainstream and special school of the LA: its eligible pupils must
-- equal the sum over the LA's school rows, or Frontline's LA values would be built on a
-- different population from DfE's.
select
    la_code,
    period_key,
    indicator_code,
    eligible_pupils_in_school_rows,
    dfe_eligible_pupils
from {{ ref('rpt_education_ks2_la_reconciliation') }}
where eligible_pupils_in_school_rows <> dfe_eligible_pupils
