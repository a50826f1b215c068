-- Justice values for the registry (registered in var indicator_value_models): proven reoffending
-- per probation region (NPS division) and three-month cohort (period Q<year>-<n>), and prison
-- ratings per financial year, published and computed. Prisons and divisions are organisations,
-- not areas: geography_code is null. Rows whose name or period did not match are quarantined in
-- int_justice__unmatched_published_rows, not given here.
--   rate               reoffenders / offenders (a proportion, 0-1), from the published counts
--   frequency          reoffences / offenders (reoffences per offender)
--   predicted rate     MoJ's predicted proportion for the cohort's case mix
--                      (published percent / 100)
--   rate vs predicted  actual - predicted, in proportion points (negative: fewer than predicted)
--   rating published   the overall rating 1-4 HMPPS published (after its moderation)
--   rating computed    the overall rating 1-4 Frontline computes from the published measure
--                      values within the functional group (int_justice__prison_ratings_computed)

with rows as (
    select * from {{ ref('int_justice__published_prison_rows') }}
    where match_problem is null
),

cohorts as (
    select
        *,
        case
            when offenders is null then 'number of offenders not published'
            when reoffenders is null and status_symbol = 'c'
                then 'suppressed by MoJ (small cohort)'
            when reoffenders is null then 'number of reoffenders not published'
            when offenders = 0 then 'cohort of no offenders'
        end as count_problem,
        case
            when predicted_rate_percent is null and predicted_rate_status_symbol = 'c'
                then 'suppressed by MoJ (small cohort)'
            when predicted_rate_percent is null then 'predicted rate not published'
        end as predicted_problem
    from rows
    where table_kind in ('reoffending_prison', 'reoffending_region')
),

reoffending_rate as (
    select
        'justice_proven_reoffending_rate' as indicator_code,
        period_key,
        cast(null as varchar) as geography_code,
        organisation_code,
        reoffenders as numerator,
        offenders as denominator,
        case when count_problem is null then reoffenders / offenders end as value,
        case when count_problem is not null then coalesce(status_symbol, 'x') end
            as status_symbol,
        count_problem as status_reason,
        case when count_problem is null then 'complete' else 'missing' end as coverage,
        source_file,
        source_sheet,
        source_row_number
    from cohorts
),

reoffending_frequency as (
    select
        'justice_proven_reoffending_frequency' as indicator_code,
        period_key,
        null as geography_code,
        organisation_code,
        reoffences as numerator,
        offenders as denominator,
        case
            when count_problem is null and reoffences is not null then reoffences / offenders
        end as value,
        case
            when count_problem is not null then coalesce(status_symbol, 'x')
            when reoffences is null then 'x'
        end as status_symbol,
        coalesce(
            count_problem,
            case when reoffences is null then 'number of reoffences not published' end
        ) as status_reason,
        case
            when count_problem is null and reoffences is not null then 'complete' else 'missing'
        end as coverage,
        source_file,
        source_sheet,
        source_row_number
    from cohorts
),

predicted_rate as (
    select
        'justice_proven_reoffending_predicted_rate' as indicator_code,
        period_key,
        null as geography_code,
        organisation_code,
        null as numerator,
        null as denominator,
        predicted_rate_percent / 100 as value,
        case
            when predicted_problem is not null then coalesce(predicted_rate_status_symbol, 'x')
        end as status_symbol,
        predicted_problem as status_reason,
        case when predicted_problem is null then 'complete' else 'missing' end as coverage,
        source_file,
        source_sheet,
        source_row_number
    from cohorts
),

rate_vs_predicted as (
    select
        'justice_proven_reoffending_rate_vs_predicted' as indicator_code,
        period_key,
        null as geography_code,
        organisation_code,
        null as numerator,
        null as denominator,
        case
            when count_problem is null and predicted_problem is null
                then reoffenders / offenders - predicted_rate_percent / 100
        end as value,
        case
            when count_problem is not null then coalesce(status_symbol, 'x')
            when predicted_problem is not null then coalesce(predicted_rate_status_symbol, 'x')
        end as status_symbol,
        coalesce(count_problem, predicted_problem) as status_reason,
        case
            when count_problem is null and predicted_problem is null then 'complete'
            else 'missing'
        end as coverage,
        source_file,
        source_sheet,
        source_row_number
    from cohorts
),

rating_published as (
    select
        'justice_prison_rating_published' as indicator_code,
        period_key,
        null as geography_code,
        organisation_code,
        null as numerator,
        null as denominator,
        value,
        case when value is null then coalesce(status_symbol, 'x') end as status_symbol,
        case
            when value is null then 'no overall rating published for this prison'
        end as status_reason,
        case when value is null then 'missing' else 'complete' end as coverage,
        source_file,
        source_sheet,
        source_row_number
    from rows
    where table_kind = 'prison_rating'
),

rating_computed as (
    select
        'justice_prison_rating_computed' as indicator_code,
        period_key,
        null as geography_code,
        organisation_code,
        null as numerator,
        null as denominator,
        cast(overall_rating as double) as value,
        case when overall_rating is null then 'x' end as status_symbol,
        case
            when overall_rating is null
                then 'not rated: fewer than four prisons of its function report the measures, '
                    || 'or under half of its measure weight is rated'
        end as status_reason,
        case when overall_rating is null then 'missing' else 'complete' end as coverage,
        source_file,
        source_sheet,
        source_row_number
    from {{ ref('int_justice__prison_ratings_computed') }}
),

all_values as (
    select * from reoffending_rate
    union all
    select * from reoffending_frequency
    union all
    select * from predicted_rate
    union all
    select * from rate_vs_predicted
    union all
    select * from rating_published
    union all
    select * from rating_computed
)

select
    cast(indicator_code as varchar) as indicator_code,
    cast(period_key as varchar) as period_key,
    cast(geography_code as varchar) as geography_code,
    cast(organisation_code as varchar) as organisation_code,
    cast(numerator as double) as numerator,
    cast(denominator as double) as denominator,
    cast(value as double) as value,
    cast(status_symbol as varchar) as status_symbol,
    cast(status_reason as varchar) as status_reason,
    cast(coverage as varchar) as coverage,
    cast(source_file as varchar) as source_file,
    cast(source_sheet as varchar) as source_sheet,
    cast(source_row_number as integer) as source_row_number
from all_values
