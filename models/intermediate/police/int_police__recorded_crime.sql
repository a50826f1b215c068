-- Police recorded crime per area, year-ending quarter and offence group at its latest vintage,
-- with the rate per 1,000 population and the change on the same year-ending quarter a year
-- earlier, computed from counts the way ONS computes them:
--   * the count is the latest publication that gives it (int_police__recorded_crime_vintages):
--     the long series (year ending December 2018 release) to year ending December 2018, each
--     quarter's workbook after that;
--   * change on a year earlier, the official way: against the previous year's count as revised
--     in the same publication as the current count (previous_year_basis 'same_publication').
--     Where that publication holds no count for the year before (a workbook prints one year),
--     the latest publication before it that does ('earlier_publication'), named in the
--     previous_year_* columns; with neither, no change ('none');
--   * rate = 1000 * count / mid-year population: MYE4 (mid-2011 on) for the mid-year of
--     int_police__rate_population_basis, and beside it Table P9 (mid-2002 to mid-2016, the
--     estimates ONS printed in July 2018);
--   * where a force could not supply data (Greater Manchester, July-December 2019: printed '..'),
--     ONS leaves it out of the national and regional totals; the population of an aggregate
--     drops that force too, and the change compares like with like: both years summed over the
--     same reporting forces.

with vintages as (
    select * from {{ ref('int_police__recorded_crime_vintages') }}
    where is_preferred_source
),

latest as (
    select * from vintages
    where is_latest_vintage
),

basis as (
    select * from {{ ref('int_police__rate_population_basis') }}
),

populations as (
    -- one row per area and mid-year: ONS's revised MYE4 estimate and its Table P9 estimate
    select
        area_code,
        mid_year,
        max(case when population_series = 'mye4' then population end) as population_mye4,
        max(case when population_series = 'p9' then population end) as population_p9
    from {{ ref('int_police__area_populations') }}
    group by area_code, mid_year
),

memberships as (
    select * from {{ ref('int_police__force_memberships') }}
),

printed_names as (
    -- as printed in the latest workbook that prints the area
    select
        area_code,
        arg_max(area_name, year_ending) as area_name
    from {{ ref('stg_ons__pfa_recorded_crime') }}
    group by area_code
),

area_names as (
    -- one name per area: the printed one, else the long series'
    select * from printed_names
    union all
    select
        long_series.force_code as area_code,
        max(long_series.force_name) as area_name
    from {{ ref('int_police__recorded_crime_long_series') }} as long_series
    left join printed_names on long_series.force_code = printed_names.area_code
    where printed_names.area_code is null
    group by long_series.force_code
),

previous_year as (
    -- the count a year earlier: from the current count's own publication where it holds one,
    -- else the latest publication published on or before it
    select
        current_year.area_code,
        current_year.year_ending,
        current_year.offence_group_code,
        earlier.year_ending as previous_year_ending,
        earlier.recorded_crimes as previous_recorded_crimes,
        earlier.status_reason as previous_status_reason,
        earlier.publication_code as previous_publication_code,
        earlier.publication_title as previous_publication_title,
        earlier.published_on as previous_published_on,
        case
            when earlier.publication_code = current_year.publication_code then 'same_publication'
            else 'earlier_publication'
        end as previous_year_basis
    from latest as current_year
    inner join vintages as earlier
        on current_year.area_code = earlier.area_code
        and current_year.offence_group_code = earlier.offence_group_code
        and earlier.year_ending
        = cast({{ dbt.dateadd('year', -1, 'current_year.year_ending') }} as date)
        and current_year.published_on >= earlier.published_on
    qualify row_number() over (
            partition by
                current_year.area_code, current_year.year_ending,
                current_year.offence_group_code
            order by earlier.published_on desc
        ) = 1
),

with_previous as (
    select
        latest.*,
        previous_year.previous_year_ending,
        previous_year.previous_recorded_crimes,
        previous_year.previous_status_reason,
        previous_year.previous_publication_code,
        previous_year.previous_publication_title,
        previous_year.previous_published_on,
        coalesce(previous_year.previous_year_basis, 'none') as previous_year_basis
    from latest
    left join previous_year
        on latest.area_code = previous_year.area_code
        and latest.year_ending = previous_year.year_ending
        and latest.offence_group_code = previous_year.offence_group_code
),

with_populations as (
    -- each count with the mid-year its rate is on and that year's two population estimates
    select
        with_previous.*,
        basis.population_mid_year,
        basis.population_mid_year_source,
        populations.population_mye4,
        populations.population_p9
    from with_previous
    inner join basis on with_previous.year_ending = basis.year_ending
    left join populations
        on with_previous.area_code = populations.area_code
        and basis.population_mid_year = populations.mid_year
),

force_rows as (
    select
        *,
        -- a force that could not supply data ('..'), not a count withheld for every force alike
        -- by the offence classification
        status_cause = 'not_supplied' as did_not_report
    from with_populations
    where area_level in ('police_force_area', 'national_force')
),

aggregate_coverage as (
    select
        memberships.aggregate_code as area_code,
        reporting.year_ending,
        reporting.offence_group_code,
        cast(count(*) as integer) as member_forces,
        cast(sum(case when reporting.did_not_report then 1 else 0 end) as integer)
            as forces_not_reporting,
        cast(
            sum(case when reporting.did_not_report then reporting.population_mye4 else 0 end)
            as bigint
        ) as population_mye4_not_reporting,
        cast(
            sum(case when reporting.did_not_report then reporting.population_p9 else 0 end)
            as bigint
        ) as population_p9_not_reporting,
        {{ dbt.listagg(
            "case when reporting.did_not_report then memberships.force_code end", "','",
            "order by memberships.force_code") }} as forces_not_reporting_codes,
        -- like with like: forces that reported in both years
        cast(
            sum(
                case
                    when reporting.previous_recorded_crimes is not null
                        then reporting.recorded_crimes
                end
            ) as bigint
        ) as comparable_current_crimes,
        cast(
            sum(
                case
                    when reporting.recorded_crimes is not null
                        then reporting.previous_recorded_crimes
                end
            ) as bigint
        ) as comparable_previous_crimes
    from memberships
    inner join force_rows as reporting
        on memberships.force_code = reporting.area_code
    group by
        memberships.aggregate_code,
        reporting.year_ending,
        reporting.offence_group_code
),

joined as (
    select
        with_populations.area_code,
        area_names.area_name,
        with_populations.area_level,
        with_populations.year_ending,
        'YE' || strftime(with_populations.year_ending, '%Y-%m') as period_key,
        with_populations.offence_group_code,
        with_populations.recorded_crimes,
        with_populations.status_symbol,
        with_populations.status_reason,
        with_populations.status_cause,
        with_populations.publication_code as vintage_code,
        with_populations.publication_title as vintage_title,
        with_populations.published_on as vintage_published_on,
        with_populations.vintages,
        with_populations.population_mid_year,
        with_populations.population_mid_year_source,
        case
            when with_populations.area_level = 'national_force' then null
            when aggregate_coverage.area_code is not null
                then
                    with_populations.population_mye4
                    - aggregate_coverage.population_mye4_not_reporting
            else with_populations.population_mye4
        end as population,
        case
            when with_populations.area_level = 'national_force' then null
            when aggregate_coverage.area_code is not null
                then
                    with_populations.population_p9
                    - aggregate_coverage.population_p9_not_reporting
            else with_populations.population_p9
        end as population_p9,
        coalesce(aggregate_coverage.forces_not_reporting, 0) as forces_not_reporting,
        nullif(aggregate_coverage.forces_not_reporting_codes, '') as forces_not_reporting_codes,
        cast({{ dbt.dateadd('year', -1, 'with_populations.year_ending') }} as date)
            as previous_year_ending,
        case
            when aggregate_coverage.area_code is not null
                then aggregate_coverage.comparable_current_crimes
            when with_populations.previous_recorded_crimes is not null
                then with_populations.recorded_crimes
        end as comparable_current_crimes,
        case
            when aggregate_coverage.area_code is not null
                then aggregate_coverage.comparable_previous_crimes
            when with_populations.recorded_crimes is not null
                then with_populations.previous_recorded_crimes
        end as comparable_previous_crimes,
        with_populations.previous_year_basis,
        with_populations.previous_publication_code as previous_year_vintage_code,
        with_populations.previous_publication_title as previous_year_vintage_title,
        with_populations.previous_published_on as previous_year_vintage_published_on,
        with_populations.previous_status_reason,
        with_populations.previous_year_ending is not null as previous_year_count_found,
        with_populations.source_kind,
        with_populations.source_file,
        with_populations.source_sheet,
        with_populations.source_row_number
    from with_populations
    left join area_names on with_populations.area_code = area_names.area_code
    left join aggregate_coverage
        on with_populations.area_code = aggregate_coverage.area_code
        and with_populations.year_ending = aggregate_coverage.year_ending
        and with_populations.offence_group_code = aggregate_coverage.offence_group_code
),

measured as (
    select
        *,
        1000 * {{ safe_divide('recorded_crimes', 'population') }} as crimes_per_1000_population,
        1000 * {{ safe_divide('recorded_crimes', 'population_p9') }}
            as crimes_per_1000_population_p9,
        -- a net count below zero (records cancelled outnumber those recorded) has no change
        case
            when comparable_previous_crimes > 0 and comparable_current_crimes >= 0
                then 100.0 * (comparable_current_crimes - comparable_previous_crimes)
                    / comparable_previous_crimes
        end as percent_change_on_previous_year,
        case when forces_not_reporting > 0 then 'partial' else 'complete' end as coverage
    from joined
)

select
    measured.* exclude (
        measured.previous_status_reason,
        measured.previous_year_count_found,
        measured.source_kind,
        measured.status_cause
    ),
    case
        when measured.recorded_crimes is null then 'count not available'
        when measured.area_level = 'national_force' then 'no resident population (national force)'
        when measured.population is null
            then 'no ONS MYE4 estimate for mid-' || cast(measured.population_mid_year as varchar)
                || ' (the revised series starts at mid-2011)'
    end as rate_status_reason,
    case
        when measured.recorded_crimes is null then 'count not available'
        when not measured.previous_year_count_found
            then 'no count for the same 12 months a year earlier in the publications shipped'
        when measured.comparable_previous_crimes is null
            and measured.previous_status_reason is not null
            then 'a year earlier: ' || measured.previous_status_reason
        when measured.comparable_previous_crimes is null
            then 'no count for the same 12 months a year earlier in the publications shipped'
        when
            measured.comparable_previous_crimes = 0
            then 'no change can be given: previous count is 0'
        when measured.comparable_previous_crimes < 0 or measured.comparable_current_crimes < 0
            then 'no change can be given: a count below zero (more records cancelled than '
                || 'recorded in the 12 months)'
    end as change_status_reason
from measured
