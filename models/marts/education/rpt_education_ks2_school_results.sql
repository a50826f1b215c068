-- KS2 results of every school, one row per school x academic year (RECTYPE 1 and 2 records of
-- the DfE performance tables). Every figure on the indicator registry (the two attainment
-- proportions and the three progress scores, with pupils behind them, status symbols and the
-- DfE meaning of a code) is read from fct_indicator_value, so disclosure control applied there
-- carries through. Progress confidence limits and coverage are not on the registry: they come
-- from staging and are blanked whenever the score itself is not published. is_latest_period
-- marks the latest academic year the table has.

{%- set proportions = {
    'rwm_expected': 'dfe_ks2_rwm_expected_standard',
    'rwm_higher': 'dfe_ks2_rwm_higher_standard',
} %}
{%- set progress = {
    'reading_progress': ('dfe_ks2_reading_progress', 'readprog', 'readcov'),
    'writing_progress': ('dfe_ks2_writing_progress', 'writprog', 'writcov'),
    'maths_progress': ('dfe_ks2_maths_progress', 'matprog', 'matcov'),
} %}

with records as (
    select * from {{ ref('stg_dfe__ks2_results') }}
    where rectype in (1, 2)
),

schools as (
    select * from {{ ref('int_education__schools') }}
),

published as (
    select * from {{ ref('fct_indicator_value') }}
    where indicator_code like 'dfe_ks2_%' and organisation_code is not null
)

select
    cast(records.urn as varchar) as urn,
    cast(coalesce(records.school_name, schools.organisation_name) as varchar) as school_name,
    cast(schools.geography_code as varchar) as la_code,
    cast(schools.la_name as varchar) as la_name,
    cast(records.period_key as varchar) as period_key,
    cast(periods.period_end = max(periods.period_end) over () as boolean) as is_latest_period,
    cast(records.academic_year as varchar) as academic_year,
    cast(records.record_type as varchar) as record_type,
    cast(records.school_type_code as varchar) as school_type_code,
    cast(schools.comparison_type as varchar) as comparison_type,
    -- the cohort as published after disclosure control (the expected-standard denominator):
    -- a cohort below the registry threshold is not published, though DfE prints it beside SUPP
    cast(case when rwm_expected.indicator_code is not null then rwm_expected.denominator
        else records.telig
    end as double) as eligible_pupils,
    cast(coalesce(
        records.telig_symbol,
        case when rwm_expected.denominator is null and records.telig is not null
                then rwm_expected.status_symbol
        end
    ) as varchar) as eligible_pupils_status_symbol,
    {%- for name, indicator in proportions.items() %}
        cast({{ name }}.value as double) as {{ name }}_value,
        cast({{ name }}.numerator as double) as {{ name }}_pupils,
        cast({{ name }}.status_symbol as varchar) as {{ name }}_status_symbol,
        cast({{ name }}.status_reason as varchar) as {{ name }}_status_reason,
    {%- endfor %}
    {%- for name, spec in progress.items() %}
        cast({{ name }}.value as double) as {{ name }},
        cast(case when {{ name }}.value is not null then records.{{ spec[1] }}_lower end as double)
            as {{ name }}_lower,
        cast(case when {{ name }}.value is not null then records.{{ spec[1] }}_upper end as double)
            as {{ name }}_upper,
        cast(case when {{ name }}.value is not null then records.{{ spec[2] }} / 100 end as double)
            as {{ name }}_coverage,
        cast({{ name }}.denominator as double) as {{ name }}_pupils,
        cast({{ name }}.status_symbol as varchar) as {{ name }}_status_symbol,
        cast({{ name }}.status_reason as varchar) as {{ name }}_status_reason,
    {%- endfor %}
    cast(records.source_file as varchar) as source_file,
    cast(records.source_row_number as integer) as source_row_number
from records
inner join {{ ref('dim_period') }} as periods on records.period_key = periods.period_key
left join schools on records.urn = schools.organisation_code
{%- for name, indicator in proportions.items() %}
    left join published as {{ name }}
        on {{ name }}.organisation_code = records.urn
        and {{ name }}.period_key = records.period_key
        and {{ name }}.indicator_code = '{{ indicator }}'
{%- endfor %}
{%- for name, spec in progress.items() %}
    left join published as {{ name }}
        on {{ name }}.organisation_code = records.urn
        and {{ name }}.period_key = records.period_key
        and {{ name }}.indicator_code = '{{ spec[0] }}'
{%- endfor %}
