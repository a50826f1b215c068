-- The rows of the published prison ratings, measure values and proven reoffending tables, each
-- with the organisation it is about: a prison's NOMIS code matched from its published name
-- (int_justice__prison_name_keys), a probation region's NPS_<DIVISION> code from its name.
-- `match_problem` says why a row has no organisation (or no period); such rows are quarantined
-- (int_justice__unmatched_published_rows) and never become values.

with name_keys as (
    select * from {{ ref('int_justice__prison_name_keys') }}
),

regions as (
    select organisation_code from {{ ref('int_justice__organisations') }}
    where organisation_type = 'probation_region'
),

ratings as (
    select
        'prison_rating' as table_kind,
        prison_name as published_name,
        prison_name_key,
        period_key,
        comparison_type,
        cast(null as varchar) as measure,
        performance_rating as value,
        performance_rating_status_symbol as status_symbol,
        cast(null as double) as offenders,
        cast(null as double) as reoffenders,
        cast(null as double) as reoffences,
        cast(null as double) as predicted_rate_percent,
        cast(null as varchar) as predicted_rate_status_symbol,
        is_synthetic,
        source_file,
        source_sheet,
        source_row_number
    from {{ ref('stg_hmpps__prison_performance_ratings') }}
),

measures as (
    select
        'prison_measure' as table_kind,
        prison_name as published_name,
        prison_name_key,
        period_key,
        comparison_type,
        measure,
        measure_value as value,
        measure_value_status_symbol as status_symbol,
        null as offenders,
        null as reoffenders,
        null as reoffences,
        null as predicted_rate_percent,
        null as predicted_rate_status_symbol,
        is_synthetic,
        source_file,
        source_sheet,
        source_row_number
    from {{ ref('stg_hmpps__prison_performance_measures') }}
),

prison_cohorts as (
    select
        'reoffending_prison' as table_kind,
        prison_name as published_name,
        prison_name_key,
        period_key,
        null as comparison_type,
        null as measure,
        reoffending_rate_percent as value,
        reoffenders_status_symbol as status_symbol,
        offenders,
        reoffenders,
        reoffences,
        predicted_rate_percent,
        predicted_rate_status_symbol,
        is_synthetic,
        source_file,
        source_sheet,
        source_row_number
    from {{ ref('stg_moj__proven_reoffending_by_prison') }}
),

prison_rows as (
    select * from ratings
    union all
    select * from measures
    union all
    select * from prison_cohorts
),

region_rows as (
    select
        'reoffending_region' as table_kind,
        probation_region as published_name,
        'NPS_' || upper(regexp_replace(probation_region, '[^A-Za-z0-9]+', '_', 'g'))
            as region_code,
        period_key,
        reoffending_rate_percent as value,
        reoffenders_status_symbol as status_symbol,
        offenders,
        reoffenders,
        reoffences,
        predicted_rate_percent,
        predicted_rate_status_symbol,
        is_synthetic,
        source_file,
        source_sheet,
        source_row_number
    from {{ ref('stg_moj__proven_reoffending_by_region') }}
),

matched as (
    select
        prison_rows.table_kind,
        prison_rows.published_name,
        name_keys.organisation_code,
        prison_rows.period_key,
        prison_rows.comparison_type,
        prison_rows.measure,
        prison_rows.value,
        prison_rows.status_symbol,
        prison_rows.offenders,
        prison_rows.reoffenders,
        prison_rows.reoffences,
        prison_rows.predicted_rate_percent,
        prison_rows.predicted_rate_status_symbol,
        prison_rows.is_synthetic,
        prison_rows.source_file,
        prison_rows.source_sheet,
        prison_rows.source_row_number,
        case
            when name_keys.organisation_code is null
                then 'prison name not found in the NOMIS code map or prison register'
        end as organisation_problem
    from prison_rows
    left join name_keys on prison_rows.prison_name_key = name_keys.prison_name_key
    union all
    select
        region_rows.table_kind,
        region_rows.published_name,
        regions.organisation_code,
        region_rows.period_key,
        'probation_region' as comparison_type,
        null as measure,
        region_rows.value,
        region_rows.status_symbol,
        region_rows.offenders,
        region_rows.reoffenders,
        region_rows.reoffences,
        region_rows.predicted_rate_percent,
        region_rows.predicted_rate_status_symbol,
        region_rows.is_synthetic,
        region_rows.source_file,
        region_rows.source_sheet,
        region_rows.source_row_number,
        case
            when regions.organisation_code is null
                then 'probation region is not an NPS division of the prison estate list'
        end as organisation_problem
    from region_rows
    left join regions on region_rows.region_code = regions.organisation_code
)

select
    matched.* exclude (matched.organisation_problem),
    coalesce(
        matched.organisation_problem,
        case
            when periods.period_key is null
                then 'period not recognised (cohort Jan-Mar YYYY, or year in the file name)'
        end
    ) as match_problem
from matched
left join {{ ref('dim_period') }} as periods on matched.period_key = periods.period_key
