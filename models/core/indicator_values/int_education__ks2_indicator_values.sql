-- KS2 indicator values (registered in var indicator_value_models):
-- one row per indicator x academic year x school, LA or England.
--
-- Schools (RECTYPE 1 and 2): organisation_code = URN, geography_code null. Proportions:
-- numerator = pupils = round(published % x TELIG / 100) (derived from DfE's rounded whole
-- percentage: exact for cohorts up to 100 pupils), denominator = TELIG, value = the percentage
-- DfE published / 100 (the figure as published; numerator / denominator can differ from it in
-- the rounding, e.g. 21 of 27 pupils is 77.8%, published as 78%). Progress scores as
-- published; denominator = pupils in the progress measure (round(TELIG x coverage %)),
-- numerator null. A published code gives value null, its GSS
-- symbol and DfE's meaning (stg_dfe__ks2_results).
--
-- LAs: computed by Frontline from the school rows of the LA (mainstream and special, as DfE's
-- RECTYPE 3 row counts them: its TELIG is their sum), weighted by cohort: proportions = sum of
-- pupils / sum of TELIG; progress = pupil-weighted mean of school scores. Schools without a
-- value (suppressed, not published) are left out and the value is 'partial'.
-- rpt_education_ks2_la_reconciliation sets these beside DfE's own LA figures.
--
-- England: as DfE publishes it (RECTYPE 4, all schools; the same row is in every LA file).
-- DfE prints no England progress score: progress is measured against the national average.

{%- set proportions = {
    'dfe_ks2_rwm_expected_standard': 'ptrwm_exp',
    'dfe_ks2_rwm_higher_standard': 'ptrwm_high',
} %}
{%- set proportion_codes = "'" ~ proportions.keys() | join("', '") ~ "'" %}
{%- set progress = {
    'dfe_ks2_reading_progress': ('readprog', 'readcov'),
    'dfe_ks2_writing_progress': ('writprog', 'writcov'),
    'dfe_ks2_maths_progress': ('matprog', 'matcov'),
} %}

with records as (
    select * from {{ ref('stg_dfe__ks2_results') }}
),

local_authorities as (
    select * from {{ ref('int_education__local_authorities') }}
),

school_values as (
    {%- for indicator, field in proportions.items() %}
        select
            '{{ indicator }}' as indicator_code,
            period_key,
            la_number,
            urn,
            round({{ field }} * telig / 100) as numerator,
            case when telig > 0 then telig end as denominator,
            case when telig > 0 then {{ field }} / 100 end as value,
            case
                when {{ field }}_symbol is not null then {{ field }}_symbol
                when telig is null or telig = 0 then coalesce(telig_symbol, 'z')
            end as status_symbol,
            case
                when {{ field }}_symbol is not null then {{ field }}_reason
                when telig is null or telig = 0
                    then coalesce(telig_reason, 'no pupils eligible for key stage 2 assessment')
            end as status_reason,
            telig as eligible_pupils,
            source_file,
            source_row_number
        from records
        where rectype in (1, 2)
        union all
    {%- endfor %}
    {%- for indicator, fields in progress.items() %}
        select
            '{{ indicator }}' as indicator_code,
            period_key,
            la_number,
            urn,
            cast(null as double) as numerator,
            round(telig * coalesce({{ fields[1] }}, 100) / 100) as denominator,
            {{ fields[0] }} as value,
            {{ fields[0] }}_symbol as status_symbol,
            {{ fields[0] }}_reason as status_reason,
            telig as eligible_pupils,
            source_file,
            source_row_number
        from records
        where rectype in (1, 2)
        {{- ' union all' if not loop.last }}
    {%- endfor %}
),

school_rows as (
    select
        indicator_code,
        period_key,
        cast(null as varchar) as geography_code,
        urn as organisation_code,
        numerator,
        denominator,
        value,
        status_symbol,
        status_reason,
        'complete' as coverage,
        source_file,
        cast(null as varchar) as source_sheet,
        cast(source_row_number as integer) as source_row_number
    from school_values
),

la_sums as (
    select
        indicator_code,
        period_key,
        la_number,
        min(source_file) as source_file,
        sum(case when value is not null then denominator end) as pupils,
        sum(case when value is not null then numerator end) as pupils_meeting,
        -- progress scores are published to 2 dp: summed as whole hundredths x pupils (exact
        -- integers), so the result does not depend on the order a parallel sum adds them in
        sum(
            case when value is not null
                    then cast(round(value * 100) as bigint) * cast(denominator as bigint)
            end
        ) / 100.0 as weighted_scores,
        count(*) filter (where value is null and eligible_pupils > 0) as schools_left_out
    from school_values
    group by indicator_code, period_key, la_number
),

la_rows as (
    select
        la_sums.indicator_code,
        la_sums.period_key,
        local_authorities.la_code as geography_code,
        cast(null as varchar) as organisation_code,
        case
            when la_sums.indicator_code in ({{ proportion_codes }}) then la_sums.pupils_meeting
        end as numerator,
        la_sums.pupils as denominator,
        case
            when la_sums.indicator_code in ({{ proportion_codes }})
                then la_sums.pupils_meeting / la_sums.pupils
            else la_sums.weighted_scores / la_sums.pupils
        end as value,
        case when coalesce(la_sums.pupils, 0) = 0 then 'x' end as status_symbol,
        case
            when coalesce(la_sums.pupils, 0) = 0 then 'no school in the LA has a published value'
            when la_sums.schools_left_out > 0
                -- how many schools, not their pupils: a total of withheld cohorts (fewer than
                -- 6 pupils each) gives them away (2 schools with 10 pupils: both 5)
                then 'computed by Frontline from school rows weighted by cohort; '
                    || cast(la_sums.schools_left_out as varchar) || ' school(s) left out (no '
                    || 'published value; why: rpt_education_ks2_la_reconciliation)'
        end as status_reason,
        case when la_sums.schools_left_out > 0 then 'partial' else 'complete' end as coverage,
        la_sums.source_file,
        cast(null as varchar) as source_sheet,
        cast(null as integer) as source_row_number
    from la_sums
    inner join local_authorities on la_sums.la_number = local_authorities.la_number
),

england as (
    -- the same England row is printed in every LA file of a year: take the first file's
    select * from records
    where rectype = 4
    qualify row_number() over (partition by period_key order by source_file) = 1
),

england_rows as (
    {%- for indicator, field in proportions.items() %}
        select
            '{{ indicator }}' as indicator_code,
            period_key,
            'E92000001' as geography_code,
            cast(null as varchar) as organisation_code,
            round({{ field }} * telig / 100) as numerator,
            telig as denominator,
            {{ field }} / 100 as value,
            {{ field }}_symbol as status_symbol,
            {{ field }}_reason as status_reason,
            'complete' as coverage,
            source_file,
            cast(null as varchar) as source_sheet,
            cast(source_row_number as integer) as source_row_number
        from england
        union all
    {%- endfor %}
    {%- for indicator, fields in progress.items() %}
        select
            '{{ indicator }}' as indicator_code,
            period_key,
            'E92000001' as geography_code,
            cast(null as varchar) as organisation_code,
            cast(null as double) as numerator,
            cast(null as double) as denominator,
            {{ fields[0] }} as value,
            case when {{ fields[0] }} is null then 'z' end as status_symbol,
            case
                when {{ fields[0] }} is null
                    then 'DfE prints no England progress score: school progress is measured '
                        || 'against the national average (0 by construction)'
            end as status_reason,
            'complete' as coverage,
            source_file,
            cast(null as varchar) as source_sheet,
            cast(source_row_number as integer) as source_row_number
        from england
        {{- ' union all' if not loop.last }}
    {%- endfor %}
)

select * from school_rows
union all
select * from la_rows
union all
select * from england_rows
