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
        -- measures (rates in percent, as published)
        {{ published_number('number_of_offenders') }} as offenders,
        {{ published_number('number_of_reoffenders') }} as reoffenders,
        {{ published_number('number_of_reoffences') }} as reoffences,
        {{ published_number('proportion_of_offenders_who_reoffend') }} as reoffending_rate_percent,
        {{ published_number('average_number_of_reoffences_per_reoffender') }}
            as reoffences_per_reoffender,
        {{ published_number('predicted_proportion_of_offenders_who_reoffend') }}
            as predicted_rate_percent,
        {{ published_number('difference_between_actual_and_predicted_percentage_points') }}
            as difference_percentage_points,
        {{ moj_status_symbol('number_of_reoffenders') }} as reoffenders_status_symbol,
        {{ moj_status_symbol('predicted_proportion_of_offenders_who_reoffend') }}
            as predicted_rate_status_symbol,
        synthetic_file = 'true' as is_synthetic,
        -- lineage
        _source_file as source_file,
        _sheet as source_sheet,
        _row_number as source_row_number
    from source
)

select * from renamed
