-- Each year LAIT prints for a measure, as a dim_period key, read by the measure's year type in the
-- data dictionary. LAIT prints the year an academic or financial year ends ('2024' = 2023/24:
-- Attainment 8 for England is 45.9 in '2024', DfE's figure for 2023/24) unless it writes the span
-- ('2016-17', '2015/16'):
--   Academic Year            '2024' -> AY2023-24; '2015-16' / '2015/16' -> AY2015-16
--   Annual - January         '2024' -> AY2023-24 (January school census of that academic year)
--   Financial Year           '2024' -> FY2023-24 (year to 31 March 2024); '2016-17' -> FY2016-17
--   Calendar Year            '2024' -> CY2024
--   Annual                   '2024' -> AT2024-03-31 (children looked after, in need, on a plan at
--                                      31 March)
--   Annual (end of Sept)     '2024' -> YE2024-09 (social work workforce year to 30 September)
-- A suffix in brackets is the release the figure comes from and does not change the period:
-- (OT) outturn, (Rev) revised, (Final) final, (prov) provisional. Pooled three-year periods
-- ('2014-16', '2013/14-15/16') and the year '0' have no dim_period key: period_key is null and
-- unmapped_reason says why; their values stay out of fct_indicator_value.

with measure_years as (
    select distinct
        measure_code,
        years_as_published
    from {{ ref('stg_dfe__lait_values') }}
),

year_types as (
    -- one year type per code (a code listed under two topics repeats it)
    select
        measure_code,
        min(year_type) as year_type
    from {{ ref('stg_dfe__lait_measures') }}
    group by measure_code
),

parsed as (
    select
        measure_years.measure_code,
        measure_years.years_as_published,
        year_types.year_type,
        trim(regexp_replace(measure_years.years_as_published, '\s*\(.*\)$', '')) as years_core,
        nullif(regexp_extract(measure_years.years_as_published, '\(([^)]*)\)$', 1), '')
            as release_as_published
    from measure_years
    left join year_types on measure_years.measure_code = year_types.measure_code
),

shaped as (
    select
        *,
        try_cast(substring(years_core, 1, 4) as integer) as first_year,
        case
            when regexp_matches(years_core, '^[0-9]{4}$') then 'single_year'
            when regexp_matches(years_core, '^[0-9]{4}[-/][0-9]{2}$')
                and (try_cast(substring(years_core, 1, 4) as integer) + 1) % 100
                = try_cast(substring(years_core, 6, 2) as integer)
                then 'one_year_span'
            when regexp_matches(years_core, '^[0-9]{4}-[0-9]{2}$')
                or regexp_matches(years_core, '^[0-9]{4}/[0-9]{2}-[0-9]{2}/[0-9]{2}$')
                then 'pooled_years'
            else 'unreadable'
        end as years_shape
    from parsed
),

keyed as (
    select
        *,
        -- the academic or financial year that ends in first_year: '2024' -> '2023-24'
        cast(first_year - 1 as varchar) || '-' || right(cast(first_year as varchar), 2)
            as span_ending_first_year,
        substring(years_core, 1, 4) || '-' || substring(years_core, 6, 2) as span_as_printed
    from shaped
)

select
    measure_code,
    years_as_published,
    year_type,
    years_shape,
    case
        when years_shape = 'single_year' and year_type in ('Academic Year', 'Annual - January')
            then 'AY' || span_ending_first_year
        when years_shape = 'single_year' and year_type = 'Financial Year'
            then 'FY' || span_ending_first_year
        when years_shape = 'single_year' and year_type = 'Calendar Year'
            then 'CY' || cast(first_year as varchar)
        when years_shape = 'single_year' and year_type = 'Annual'
            then 'AT' || cast(first_year as varchar) || '-03-31'
        when years_shape = 'single_year' and year_type = 'Annual (end of Sept)'
            then 'YE' || cast(first_year as varchar) || '-09'
        when years_shape = 'one_year_span' and year_type in ('Academic Year', 'Annual - January')
            then 'AY' || span_as_printed
        when years_shape = 'one_year_span' and year_type = 'Financial Year'
            then 'FY' || span_as_printed
    end as period_key,
    case release_as_published
        when 'OT' then 'outturn'
        when 'Rev' then 'revised'
        when 'Final' then 'final'
        when 'prov' then 'provisional'
    end as release,
    release_as_published,
    case
        when year_type is null then 'measure not in the LAIT data dictionary'
        when years_shape = 'pooled_years'
            then 'pooled period of several years (' || years_core
                || '): dim_period has no multi-year periods'
        when years_shape = 'unreadable' then 'year printed as ''' || years_as_published || ''''
        when years_shape = 'one_year_span' and year_type not in (
                'Academic Year', 'Annual - January', 'Financial Year'
            )
            then 'a span of two years for a ' || lower(year_type) || ' measure'
        when years_shape = 'single_year' and year_type not in (
                'Academic Year', 'Annual - January', 'Financial Year', 'Calendar Year', 'Annual',
                'Annual (end of Sept)'
            )
            then 'year type ''' || year_type || ''' not mapped'
    end as unmapped_reason
from keyed
