-- Frontline's LA KS2 figures beside DfE's: one row per LA x academic year x KS2 indicator.
-- Frontline computes each LA value from the LA's school rows weighted by cohort
-- (int_education__ks2_indicator_values; published through fct_indicator_value); DfE's figure is
-- the LA row (RECTYPE 3) of the same file. DfE works from pupil-level data, so differences come
-- from schools whose results DfE suppressed (left out of Frontline's sum, in DfE's), from DfE's
-- rounding of school percentages to whole numbers and progress scores to one decimal, and for
-- progress from the cohort weight (Frontline: eligible pupils x published coverage).
--
-- Disclosure: rpt_education_ks2_school_results withholds every cohort below the registry's
-- threshold (6 eligible pupils), and so must this mart. A pupil total that includes a withheld
-- cohort gives it away by subtraction: the LA's TELIG less the published school cohorts is the
-- sum of the withheld ones, and two withheld cohorts that add up to 10 under a threshold of 6
-- are both 5. So pupils_left_out is published only where no left-out school's cohort is
-- withheld, and the two LA TELIG totals only where no school of the LA is withheld that year;
-- otherwise they are null with the symbol c and the reason. The count of schools left out, and
-- why, stays: which schools are withheld is already public in the school mart.

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
    select
        indicator_code,
        measure,
        disclosure_threshold
    from {{ ref('dim_indicator') }}
),

published_schools as (
    -- the school rows as published: a null cohort with pupils behind it is withheld
    select
        urn,
        period_key,
        eligible_pupils
    from {{ ref('rpt_education_ks2_school_results') }}
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
        records.telig,
        school_values.value is null and records.telig > 0 as is_left_out,
        coalesce(records.telig > 0 and published_schools.eligible_pupils is null, false)
            as is_cohort_withheld,
        -- DfE's code for a value it did not print (SUPP, LOWCOV, NA), else the GSS symbol
        coalesce(
            nullif(split_part(school_values.status_reason, ':', 1), ''),
            school_values.status_symbol
        ) as published_code
    from {{ ref('int_education__ks2_indicator_values') }} as school_values
    inner join records
        on school_values.organisation_code = records.urn
        and school_values.period_key = records.period_key
        and records.rectype in (1, 2)
    left join published_schools
        on records.urn = published_schools.urn
        and records.period_key = published_schools.period_key
),

left_out_reasons as (
    select
        indicator_code,
        period_key,
        la_number,
        case when is_cohort_withheld then 'cohort withheld' else published_code end as reason,
        count(*) as schools
    from school_values
    where is_left_out
    group by indicator_code, period_key, la_number, reason
),

school_counts as (
    select
        indicator_code,
        period_key,
        la_number,
        count(*) filter (where value is not null) as schools_included,
        count(*) filter (where is_left_out) as schools_left_out,
        count(*) filter (where is_left_out and is_cohort_withheld) as schools_withheld,
        coalesce(sum(telig) filter (where is_left_out), 0) as pupils_left_out,
        sum(telig) as eligible_pupils_in_school_rows
    from school_values
    group by indicator_code, period_key, la_number
),

la_withheld as (
    -- schools of the LA whose cohort is withheld that year (the same for every indicator)
    select
        period_key,
        la_number,
        count(distinct urn) as schools_withheld
    from (
        select
            records.period_key,
            records.la_number,
            records.urn
        from records
        inner join published_schools
            on records.urn = published_schools.urn
            and records.period_key = published_schools.period_key
        where records.rectype in (1, 2)
            and records.telig > 0
            and published_schools.eligible_pupils is null
    ) as withheld
    group by period_key, la_number
),

reasons as (
    select
        indicator_code,
        period_key,
        la_number,
        {{ dbt.listagg(
            "cast(schools as varchar) || ' ' || reason", "'; '", "order by reason") }}
            as schools_left_out_reasons
    from left_out_reasons
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
    cast(school_counts.schools_withheld as integer) as schools_withheld,
    cast(reasons.schools_left_out_reasons as varchar) as schools_left_out_reasons,
    cast(frontline.denominator as double) as pupils_included,
    cast(
        case when school_counts.schools_withheld = 0 then school_counts.pupils_left_out end
        as double
    ) as pupils_left_out,
    cast(case when school_counts.schools_withheld > 0 then 'c' end as varchar)
        as pupils_left_out_status_symbol,
    cast(case when school_counts.schools_withheld > 0 then
            'suppressed: includes the cohorts of '
            || cast(school_counts.schools_withheld as varchar)
            || ' school(s) withheld for fewer than '
            || cast(registry.disclosure_threshold as varchar) || ' eligible pupils'
    end as varchar) as pupils_left_out_status_reason,
    cast(case when coalesce(la_withheld.schools_withheld, 0) = 0
            then school_counts.eligible_pupils_in_school_rows
    end as double)
        as eligible_pupils_in_school_rows,
    cast(case when coalesce(la_withheld.schools_withheld, 0) = 0
            then dfe_la.dfe_eligible_pupils
    end as double) as dfe_eligible_pupils,
    cast(case when la_withheld.schools_withheld > 0 then 'c' end as varchar)
        as eligible_pupils_status_symbol,
    cast(case when la_withheld.schools_withheld > 0 then
            'suppressed: includes the cohorts of ' || cast(la_withheld.schools_withheld as varchar)
            || ' school(s) withheld for fewer than '
            || cast(registry.disclosure_threshold as varchar) || ' eligible pupils'
    end as varchar) as eligible_pupils_status_reason,
    -- checked on the true totals; equal or not, it reveals neither
    cast(school_counts.eligible_pupils_in_school_rows = dfe_la.dfe_eligible_pupils as boolean)
        as is_eligible_pupils_reconciled,
    cast(dfe_la.source_file as varchar) as source_file,
    cast(dfe_la.source_row_number as integer) as source_row_number
from dfe_la
inner join local_authorities on dfe_la.la_number = local_authorities.la_number
inner join registry on dfe_la.indicator_code = registry.indicator_code
left join frontline
    on dfe_la.indicator_code = frontline.indicator_code
    and dfe_la.period_key = frontline.period_key
    and local_authorities.la_code = frontline.geography_code
left join school_counts
    on dfe_la.indicator_code = school_counts.indicator_code
    and dfe_la.period_key = school_counts.period_key
    and dfe_la.la_number = school_counts.la_number
left join reasons
    on dfe_la.indicator_code = reasons.indicator_code
    and dfe_la.period_key = reasons.period_key
    and dfe_la.la_number = reasons.la_number
left join la_withheld
    on dfe_la.period_key = la_withheld.period_key
    and dfe_la.la_number = la_withheld.la_number
