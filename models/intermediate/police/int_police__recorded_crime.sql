-- Police recorded crime per area, year-ending quarter and offence group, with the rate per
-- 1,000 population and the change on the same year-ending quarter a year earlier, computed
-- here from counts the way ONS computes them:
--   * rate = 1000 * count / mid-year population, using the mid-year estimate ONS used when the
--     table was published (seed ons_pfa_population_basis);
--   * where a force could not supply data (Greater Manchester, July-December 2019: printed '..'),
--     ONS leaves it out of the national and regional totals; the population of an aggregate
--     drops that force too, and the change compares like with like: both years summed over the
--     same reporting forces.

with crime as (
    select * from {{ ref('stg_ons__pfa_recorded_crime') }}
),

basis as (
    select
        cast(year_ending as date) as year_ending,
        population_mid_year
    from {{ ref('ons_pfa_population_basis') }}
),

populations as (
    select
        area_code,
        mid_year,
        population
    from {{ ref('int_police__area_populations') }}
    where population_series = 'mye4'
),

memberships as (
    select * from {{ ref('int_police__force_memberships') }}
),

force_rows as (
    select
        crime.area_code as force_code,
        crime.year_ending,
        crime.offence_group_code,
        crime.recorded_crimes,
        populations.population
    from crime
    inner join basis on crime.year_ending = basis.year_ending
    left join populations
        on crime.area_code = populations.area_code
        and basis.population_mid_year = populations.mid_year
    where crime.area_level in ('police_force_area', 'national_force')
),

force_rows_with_previous as (
    select
        current_year.*,
        previous_year.recorded_crimes as previous_recorded_crimes
    from force_rows as current_year
    left join force_rows as previous_year
        on current_year.force_code = previous_year.force_code
        and current_year.offence_group_code = previous_year.offence_group_code
        and previous_year.year_ending
        = cast({{ dbt.dateadd('year', -1, 'current_year.year_ending') }} as date)
),

aggregate_coverage as (
    select
        memberships.aggregate_code as area_code,
        reporting.year_ending,
        reporting.offence_group_code,
        cast(count(*) as integer) as member_forces,
        cast(sum(case when reporting.recorded_crimes is null then 1 else 0 end) as integer)
            as forces_not_reporting,
        cast(
            sum(case when reporting.recorded_crimes is null then reporting.population else 0 end)
            as bigint
        ) as population_not_reporting,
        {{ dbt.listagg(
            "case when reporting.recorded_crimes is null then memberships.force_code end", "','",
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
        ) as comparable_previous_crimes,
        cast(
            sum(
                case
                    when
                        reporting.recorded_crimes is not null
                        and reporting.previous_recorded_crimes is not null
                        then 1
                    else 0
                end
            ) as integer
        ) as forces_compared
    from memberships
    inner join force_rows_with_previous as reporting
        on memberships.force_code = reporting.force_code
    group by
        memberships.aggregate_code,
        reporting.year_ending,
        reporting.offence_group_code
),

joined as (
    select
        crime.area_code,
        crime.area_name,
        crime.area_level,
        crime.year_ending,
        'YE' || cast(extract(year from crime.year_ending) as varchar) || '-'
        || case when extract(month from crime.year_ending) < 10 then '0' else '' end
        || cast(extract(month from crime.year_ending) as varchar) as period_key,
        crime.offence_group_code,
        crime.recorded_crimes,
        crime.status_symbol,
        crime.published_value,
        basis.population_mid_year,
        case
            when crime.area_level = 'national_force' then null
            when aggregate_coverage.area_code is not null
                then populations.population - aggregate_coverage.population_not_reporting
            else populations.population
        end as population,
        coalesce(aggregate_coverage.forces_not_reporting, 0) as forces_not_reporting,
        nullif(aggregate_coverage.forces_not_reporting_codes, '') as forces_not_reporting_codes,
        cast({{ dbt.dateadd('year', -1, 'crime.year_ending') }} as date) as previous_year_ending,
        case
            when aggregate_coverage.area_code is not null
                then aggregate_coverage.comparable_current_crimes
            when force_rows_with_previous.previous_recorded_crimes is not null
                then crime.recorded_crimes
        end as comparable_current_crimes,
        case
            when aggregate_coverage.area_code is not null
                then aggregate_coverage.comparable_previous_crimes
            when crime.recorded_crimes is not null
                then force_rows_with_previous.previous_recorded_crimes
        end as comparable_previous_crimes,
        crime.source_file,
        crime.source_sheet,
        crime.source_row_number
    from crime
    inner join basis on crime.year_ending = basis.year_ending
    left join populations
        on crime.area_code = populations.area_code
        and basis.population_mid_year = populations.mid_year
    left join aggregate_coverage
        on crime.area_code = aggregate_coverage.area_code
        and crime.year_ending = aggregate_coverage.year_ending
        and crime.offence_group_code = aggregate_coverage.offence_group_code
    left join force_rows_with_previous
        on crime.area_code = force_rows_with_previous.force_code
        and crime.year_ending = force_rows_with_previous.year_ending
        and crime.offence_group_code = force_rows_with_previous.offence_group_code
)

select
    *,
    1000 * {{ safe_divide('recorded_crimes', 'population') }} as crimes_per_1000_population,
    100 * {{ safe_divide('comparable_current_crimes - comparable_previous_crimes',
                         'comparable_previous_crimes') }} as percent_change_on_previous_year,
    case when forces_not_reporting > 0 then 'partial' else 'complete' end as coverage
from joined
