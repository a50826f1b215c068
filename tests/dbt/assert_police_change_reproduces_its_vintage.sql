{{ config(meta={'dagster': {'ref': {'name': 'rpt_police_recorded_crime'}}}) }}

-- The change on a year earlier is computed the official way and says so on every row:
--   * on the official basis (same_publication) a force's change, computed again straight from
--     the two counts of that one publication, agrees to 0.01 percentage points;
--   * the official basis is used wherever it is shipped: a row on another basis has no count a
--     year earlier in its own publication;
--   * every row names its basis, a fallback names the publication it fell back to, and a row
--     with no change (basis none, or a count missing) says why.
with crime as (
    select * from {{ ref('rpt_police_recorded_crime') }}
),

vintages as (
    select * from {{ ref('int_police__recorded_crime_vintages') }}
    where is_preferred_source
),

recomputed as (
    select
        crime.area_code,
        crime.period_key,
        crime.offence_group_code,
        crime.percent_change_on_previous_year as published_change,
        100.0 * (current_count.recorded_crimes - previous_count.recorded_crimes)
        / previous_count.recorded_crimes as change_from_vintage
    from crime
    inner join vintages as current_count
        on crime.area_code = current_count.area_code
        and crime.year_ending = current_count.year_ending
        and crime.offence_group_code = current_count.offence_group_code
        and crime.vintage_code = current_count.publication_code
    inner join vintages as previous_count
        on crime.area_code = previous_count.area_code
        and crime.previous_year_ending = previous_count.year_ending
        and crime.offence_group_code = previous_count.offence_group_code
        and crime.vintage_code = previous_count.publication_code
    where crime.previous_year_basis = 'same_publication'
        and crime.area_level in ('police_force_area', 'national_force')
        and current_count.recorded_crimes >= 0
        and previous_count.recorded_crimes > 0
),

official_basis_shipped as (
    select
        crime.area_code,
        crime.period_key,
        crime.offence_group_code,
        crime.previous_year_basis
    from crime
    inner join vintages as previous_count
        on crime.area_code = previous_count.area_code
        and crime.previous_year_ending = previous_count.year_ending
        and crime.offence_group_code = previous_count.offence_group_code
        and crime.vintage_code = previous_count.publication_code
)

select
    area_code,
    period_key,
    offence_group_code,
    'change differs from its vintage by more than 0.01 points' as problem
from recomputed
where published_change is null
    or abs(published_change - change_from_vintage) > 0.01
union all
select
    area_code,
    period_key,
    offence_group_code,
    'the official basis is shipped but ' || previous_year_basis || ' was used' as problem
from official_basis_shipped
where previous_year_basis <> 'same_publication'
union all
select
    area_code,
    period_key,
    offence_group_code,
    'basis not named, or a fallback without its publication' as problem
from crime
where previous_year_basis is null
    or (previous_year_basis <> 'none' and previous_year_vintage_code is null)
    or (previous_year_basis = 'none' and percent_change_on_previous_year is not null)
