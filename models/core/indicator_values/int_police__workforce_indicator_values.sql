-- Police officers (FTE, Home Office workforce at 31 March) as indicator values: the count, per
-- 1,000 residents, and recorded crimes (excluding fraud, year ending 31 March) per officer, per
-- force area. A force area is its own organisation.

with officers as (
    select * from {{ ref('int_police__officer_workforce') }}
),

crime as (
    select * from {{ ref('int_police__recorded_crime') }}
    where offence_group_code = 'total_recorded_crime_excluding_fraud'
),

officer_counts as (
    select
        'police_officers_fte' as indicator_code,
        period_key,
        force_code as geography_code,
        cast(officer_fte as double) as numerator,
        cast(null as double) as denominator,
        cast(officer_fte as double) as value,
        case when officer_fte is null then 'x' end as status_symbol,
        case when officer_fte is null then 'no FTE published' end as status_reason,
        'complete' as coverage,
        source_file,
        source_sheet,
        first_source_row_number as source_row_number
    from officers
),

officer_rates as (
    select
        'police_officers_per_1000_population' as indicator_code,
        period_key,
        force_code as geography_code,
        cast(officer_fte as double) as numerator,
        cast(population as double) as denominator,
        cast(1000 * {{ safe_divide('officer_fte', 'population') }} as double) as value,
        case when population is null or officer_fte is null then 'x' end as status_symbol,
        case when population is null then 'no resident population for this force' end
            as status_reason,
        'complete' as coverage,
        source_file,
        source_sheet,
        first_source_row_number as source_row_number
    from officers
),

crimes_per_officer as (
    select
        'police_crimes_per_officer' as indicator_code,
        crime.period_key,
        crime.area_code as geography_code,
        cast(crime.recorded_crimes as double) as numerator,
        cast(officers.officer_fte as double) as denominator,
        cast({{ safe_divide('crime.recorded_crimes', 'officers.officer_fte') }} as double) as value,
        case when crime.recorded_crimes is null or officers.officer_fte is null then 'x' end
            as status_symbol,
        case when crime.recorded_crimes is null then 'count not available' end as status_reason,
        crime.coverage,
        crime.source_file,
        crime.source_sheet,
        crime.source_row_number
    from crime
    inner join officers
        on crime.area_code = officers.force_code
        and crime.year_ending = officers.as_at_date
),

workforce_values as (
    select * from officer_counts
    union all
    select * from officer_rates
    union all
    select * from crimes_per_officer
)

{{ with_area_organisations('workforce_values') }}
