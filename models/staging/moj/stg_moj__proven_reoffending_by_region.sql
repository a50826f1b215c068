-- MoJ Proven reoffending statistics: one row per three-month cohort and probation region (an
-- NPS division, Table_C2), counts and rates typed. MoJ prints '*' for a suppressed small
-- cohort: status c; '..' / [x]: x.
with source as (
    select * from {{ source('raw', 'moj_proven_reoffending_by_region') }}
),

renamed as (
    select
        -- ids
        trim(cohort) as cohort,
        {{ reoffending_cohort_period_key('cohort') }} as period_key,
        trim(probation_region) as probation_region,
        -- measures (rates in percent, as published) and lineage
        {{ proven_reoffending_measures() }}
    from source
)

select * from renamed
