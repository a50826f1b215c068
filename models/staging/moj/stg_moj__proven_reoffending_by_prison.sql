-- MoJ Proven reoffending statistics: one row per three-month cohort and prison of release
-- (Table_C1), counts and rates typed. MoJ prints '*' for a suppressed small cohort: status c;
-- '..' / [x]: x.
with source as (
    select * from {{ source('raw', 'moj_proven_reoffending_by_prison') }}
),

renamed as (
    select
        -- ids
        trim(cohort) as cohort,
        {{ reoffending_cohort_period_key('cohort') }} as period_key,
        trim(prison) as prison_name,
        {{ prison_name_key('prison') }} as prison_name_key,
        -- measures (rates in percent, as published) and lineage
        {{ proven_reoffending_measures() }}
    from source
)

select * from renamed
