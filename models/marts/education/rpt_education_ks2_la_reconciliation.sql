-- Frontline's LA KS2 figures beside DfE's: one row per LA x academic year x KS2 indicator.
-- Frontline computes each LA value from the LA's school rows weighted by cohort
-- (int_education__ks2_indicator_values; published through fct_indicator_value); DfE's figure is
-- the LA row (RECTYPE 3) of the same file. DfE works from pupil-level data, so differences come
-- from schools whose results DfE suppressed (left out of Frontline's sum, in DfE's), from DfE's
-- rounding of school percentages to whole numbers and progress scores to one decimal, and for
-- progress from the cohort weight (Frontline: eligible pupils x published coverage).

{%- set published_columns = {
    'dfe_ks2_rwm_expected_standard': ('ptrwm_exp', 100, 0.5),
    'dfe_ks2_rwm_higher_standard': ('ptrwm_high', 100, 0.5),
    'dfe_ks2_reading_progress': ('readprog', 1, 0.05),
    'dfe_ks2_writing_progress': ('writprog', 1, 0.05),
    'dfe_ks2_maths_progress': ('matprog', 1, 0.05),
} %}

with records as (
    select * from {{ ref('stg_dfe__ks2_results') }}
),

local_authorities as (
    select * from {{ ref('int_education__local_authorities') }}
),

registry as (
    select indicator_code, measure from {{ ref('dim_indicator') }}
),

frontline as (
    select * from {{ ref('fct_indicator_value') }}
    where indicator_code like 'dfe_ks2_%' and organisation_code is null
),

school_values as (
    -- school rows before disclosure control: which schools the LA sum could use
    select
        school_values.indicator_code,
        school_values.period_key,
        records.la_number,
        school_values.value,
        records.telig
    from {{ ref('int_education__ks2_indicator_values') }} as school_values
    inner join records
        on records.urn = school_values.organisation_code
        and records.period_key = school_values.period_key
        and records.rectype in (1, 2)
),

school_counts as (
    select
        indicator_code,
        period_key,
        la_number,
        count(*) filter (where value is not null) as schools_included,
        count(*) filter (where value is null and telig > 0) as schools_left_out,
        coalesce(sum(telig) filter (where value is null and telig > 0), 0) as pupils_left_out,
        sum(telig) as eligible_pupils_in_school_rows
    from school_values
    group by indicator_code, period_key, la_number
),

dfe_la as (
    {%- for indicator, spec in published_columns.items() %}
    select
        '{{ indicator }}' as indicator_code,
        period_key,
        academic_year,
        la_number,
        {{ spec[0] }} / {{ spec[1] }} as dfe_value,
        {{ spec[0] }}_symbol as dfe_status_symbol,
        {{ spec[1] }} as published_unit_factor,
        {{ spec[2] }} as published_rounding_half_unit,
        telig as dfe_eligible_pupils,
        source_file,
        source_row_number
    from records
    where rectype = 3
    {{- ' union all' if not loop.last }}
    {%- endfor %}
)

select
    cast(local_authorities.la_code as varchar) as la_code,
    cast(dfe_la.la_number as varchar) as la_number,
    cast(local_authorities.la_name as varchar) as la_name,
    cast(dfe_la.period_key as varchar) as period_key,
    cast(dfe_la.academic_year as varchar) as academic_year,
    cast(dfe_la.indicator_code as varchar) as indicator_code,
    cast(registry.measure as varchar) as measure,
    cast(frontline.value as double) as frontline_value,
    cast(frontline.status_symbol as varchar) as frontline_status_symbol,
    cast(frontline.coverage as varchar) as frontline_coverage,
    cast(dfe_la.dfe_value as double) as dfe_value,
    cast(dfe_la.dfe_status_symbol as varchar) as dfe_status_symbol,
    cast(frontline.value - dfe_la.dfe_value as double) as difference,
    cast((frontline.value - dfe_la.dfe_value) * dfe_la.published_unit_factor as double)
        as difference_in_published_units,
    cast(
        abs((frontline.value - dfe_la.dfe_value) * dfe_la.published_unit_factor)
        <= dfe_la.published_rounding_half_unit + 1e-9 as boolean
    ) as is_within_published_rounding,
    cast(school_counts.schools_included as integer) as schools_included,
    cast(school_counts.schools_left_out as integer) as schools_left_out,
    cast(frontline.denominator as double) as pupils_included,
    cast(school_counts.pupils_left_out as double) as pupils_left_out,
    cast(school_counts.eligible_pupils_in_school_rows as double) as eligible_pupils_in_school_rows,
    cast(dfe_la.dfe_eligible_pupils as double) as dfe_eligible_pupils,
    cast(dfe_la.source_file as varchar) as source_file,
    cast(dfe_la.source_row_number as integer) as source_row_number
from dfe_la
inner join local_authorities on local_authorities.la_number = dfe_la.la_number
inner join registry on registry.indicator_code = dfe_la.indicator_code
left join frontline
    on frontline.indicator_code = dfe_la.indicator_code
    and frontline.period_key = dfe_la.period_key
    and frontline.geography_code = local_authorities.la_code
left join school_counts
    on school_counts.indicator_code = dfe_la.indicator_code
    and school_counts.period_key = dfe_la.period_key
    and school_counts.la_number = dfe_la.la_number
