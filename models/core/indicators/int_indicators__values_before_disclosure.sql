-- One row per area or organisation x period x indicator, before statistical disclosure control
-- (int_indicators__values_disclosed applies it; fct_indicator_value publishes the result).
-- A value that cannot be given carries a GSS status symbol (x = not available) and a reason,
-- never a blank that reads as zero. Lineage points at the published cell behind the numerator.
-- Areas (police force areas, councils) are their own organisations; a sector whose organisations
-- are not areas (NHS trusts, schools) hands in rows from an intermediate model with the columns
-- of `sector_values` below, naming the organisation and, where it has one, the area.

{%- set sector_values = ['int_health__ae_indicator_values', 'int_nhs_costs__cost_index_indicator_values', 'int_education__ks2_indicator_values', 'int_education__lait_indicator_values', 'int_local_gov__spend_per_head_indicator_values', 'int_police__finance_indicator_values', 'int_justice__indicator_values'] %}

with crime as (
    select * from {{ ref('int_police__recorded_crime') }}
),

officers as (
    select * from {{ ref('int_police__officer_workforce') }}
),

adult_social_care as (
    select * from {{ ref('stg_oflog__adult_social_care_metrics') }}
),

street as (
    select * from {{ ref('int_police_uk__rolling_12_months') }}
    where crime_type = 'All crime'
),

organisations as (
    -- a force's or council's row is both an area (its GSS code) and an organisation
    select distinct organisation_code from {{ ref('dim_organisation') }}
),

crime_counts as (
    select
        'police_recorded_crimes__' || offence_group_code as indicator_code,
        period_key, area_code as geography_code,
        cast(recorded_crimes as double) as numerator,
        cast(null as double) as denominator,
        cast(recorded_crimes as double) as value,
        status_symbol,
        case when status_symbol is not null
            then 'published as ' || published_value || ' (not available)' end as status_reason,
        coverage, source_file, source_sheet, source_row_number
    from crime
),

crime_rates as (
    select
        'police_crime_rate__' || offence_group_code,
        period_key, area_code,
        cast(recorded_crimes as double),
        cast(population as double),
        crimes_per_1000_population,
        case when crimes_per_1000_population is null then 'x' end,
        case
            when recorded_crimes is null then 'count not available'
            when population is null then 'no resident population (national force)'
        end,
        coverage, source_file, source_sheet, source_row_number
    from crime
),

crime_changes as (
    select
        'police_crime_change__' || offence_group_code,
        period_key, area_code,
        cast(comparable_current_crimes - comparable_previous_crimes as double),
        cast(comparable_previous_crimes as double),
        percent_change_on_previous_year,
        case when percent_change_on_previous_year is null then 'x' end,
        case
            when recorded_crimes is null then 'count not available'
            when comparable_previous_crimes is null
                then 'no count for the same period a year earlier in the shipped tables'
            when comparable_previous_crimes = 0 then 'no change can be given: previous count is 0'
        end,
        coverage, source_file, source_sheet, source_row_number
    from crime
),

officer_counts as (
    select
        'police_officers_fte', period_key, force_code,
        officer_fte, cast(null as double), officer_fte,
        case when officer_fte is null then 'x' end,
        case when officer_fte is null then 'no FTE published' end,
        'complete', source_file, source_sheet, first_source_row_number
    from officers
),

officer_rates as (
    select
        'police_officers_per_1000_population', period_key, force_code,
        officer_fte, cast(population as double),
        1000 * {{ safe_divide('officer_fte', 'population') }},
        case when population is null or officer_fte is null then 'x' end,
        case when population is null then 'no resident population for this force' end,
        'complete', source_file, source_sheet, first_source_row_number
    from officers
),

crimes_per_officer as (
    select
        'police_crimes_per_officer', crime.period_key, crime.area_code,
        cast(crime.recorded_crimes as double), officers.officer_fte,
        {{ safe_divide('crime.recorded_crimes', 'officers.officer_fte') }},
        case when crime.recorded_crimes is null or officers.officer_fte is null then 'x' end,
        case when crime.recorded_crimes is null then 'count not available' end,
        crime.coverage, crime.source_file, crime.source_sheet, crime.source_row_number
    from crime
    inner join officers
        on officers.force_code = crime.area_code
        and officers.as_at_date = crime.year_ending
    where crime.offence_group_code = 'total_recorded_crime_excluding_fraud'
),

street_months as (
    select
        'police_uk_street_crimes_month', month_period_key, force_code,
        cast(crimes as double), cast(null as double), cast(crimes as double),
        case when crimes is null then 'x' end,
        case when crimes is null then 'month not loaded' end,
        case when is_loaded then 'complete' else 'missing' end,
        cast(null as varchar), cast(null as varchar), cast(null as integer)
    from street
),

street_rolling as (
    select
        'police_uk_street_crimes_rolling_12_months', year_ending_period_key, force_code,
        cast(rolling_12_month_crimes as double), cast(null as double),
        cast(rolling_12_month_crimes as double),
        case when rolling_12_month_crimes is null then 'x' end,
        case when rolling_12_month_crimes is null
            then cast(months_loaded_in_window as varchar) || ' of 12 months loaded' end,
        rolling_12_month_coverage,
        cast(null as varchar), cast(null as varchar), cast(null as integer)
    from street
),

adult_social_care_values as (
    select
        'oflog_asc__' || lower(measure_code), period_key, local_authority_code,
        cast(null as double), cast(null as double), value,
        status_symbol,
        case when status_symbol is not null then 'not published by Oflog for this year' end,
        'complete', source_file, cast(null as varchar), source_row_number
    from adult_social_care
),

area_values as (
    select * from crime_counts
    union all select * from crime_rates
    union all select * from crime_changes
    union all select * from officer_counts
    union all select * from officer_rates
    union all select * from crimes_per_officer
    union all select * from street_months
    union all select * from street_rolling
    union all select * from adult_social_care_values
),

unioned as (
    select
        area_values.*,
        organisations.organisation_code
    from area_values
    left join organisations
        on organisations.organisation_code = area_values.geography_code
    {%- for model in sector_values %}
    union all
    select
        indicator_code, period_key, geography_code, numerator, denominator, value,
        status_symbol, status_reason, coverage, source_file, source_sheet, source_row_number,
        organisation_code
    from {{ ref(model) }}
    {%- endfor %}
)

select
    {{ dbt.hash("unioned.indicator_code || '|' || unioned.period_key || '|'
        || coalesce(unioned.organisation_code, unioned.geography_code)") }} as indicator_value_id,
    unioned.indicator_code,
    unioned.period_key,
    case when unioned.geography_code = 'BTP' then null else unioned.geography_code end
        as geography_code,
    unioned.organisation_code,
    unioned.numerator,
    unioned.denominator,
    unioned.value,
    unioned.status_symbol,
    unioned.status_reason,
    unioned.coverage,
    unioned.source_file,
    unioned.source_sheet,
    unioned.source_row_number
from unioned
