-- How police recorded crime counts were revised: every vintage of each figure that both the PFA
-- workbooks and the long series give (years ending March to December 2018, every area and
-- offence group), in the long shape of a revision triangle: one row per figure and publication,
-- with the count as first published, the count at this publication and the revision between
-- them. A workbook's count is the first publication of its quarter; the long series (the year
-- ending December 2018 release) revised the three quarters before it. For year ending December
-- 2018 both files come from one release, so the figure has one vintage and no revision.

with vintages as (
    select * from {{ ref('int_police__recorded_crime_vintages') }}
),

figures as (
    -- figures both sources give
    select
        area_code,
        year_ending,
        offence_group_code
    from vintages
    group by area_code, year_ending, offence_group_code
    having
        count(case when source_kind = 'pfa_tables_p1' then 1 end) > 0
        and count(case when source_kind <> 'pfa_tables_p1' then 1 end) > 0
),

preferred as (
    select vintages.*
    from vintages
    inner join figures
        on vintages.area_code = figures.area_code
        and vintages.year_ending = figures.year_ending
        and vintages.offence_group_code = figures.offence_group_code
    where vintages.is_preferred_source
),

first_published as (
    select
        area_code,
        year_ending,
        offence_group_code,
        recorded_crimes as first_published_crimes,
        published_on as first_published_on
    from preferred
    where vintage_number = 1
),

crime as (
    -- area names and levels as the recorded crime table gives them
    select distinct
        area_code,
        area_name
    from {{ ref('int_police__recorded_crime') }}
),

periods as (
    select
        period_key,
        period_label,
        period_end
    from {{ ref('dim_period') }}
    where period_type = 'year_ending'
),

offence_groups as (
    select * from {{ ref('police_offence_groups') }}
)

select
    periods.period_key,
    periods.period_label,
    preferred.year_ending,
    preferred.area_code,
    crime.area_name,
    preferred.area_level,
    preferred.offence_group_code,
    offence_groups.offence_group_name,
    preferred.publication_code as vintage_code,
    preferred.publication_title as vintage_title,
    preferred.published_on as vintage_published_on,
    preferred.vintage_number,
    preferred.vintages,
    preferred.vintage_number = 1 as is_first_published,
    preferred.is_latest_vintage,
    preferred.recorded_crimes,
    preferred.status_symbol,
    first_published.first_published_crimes,
    first_published.first_published_on,
    preferred.recorded_crimes
    - lag(preferred.recorded_crimes) over (
        partition by preferred.area_code, preferred.year_ending, preferred.offence_group_code
        order by preferred.vintage_number
    ) as revision_on_previous_vintage,
    preferred.recorded_crimes - first_published.first_published_crimes
        as revision_since_first_published,
    100 * {{ safe_divide('preferred.recorded_crimes - first_published.first_published_crimes',
                         'first_published.first_published_crimes') }}
        as revision_since_first_published_percent,
    preferred.source_kind,
    preferred.source_file,
    preferred.source_sheet,
    preferred.source_row_number
from preferred
inner join first_published
    on preferred.area_code = first_published.area_code
    and preferred.year_ending = first_published.year_ending
    and preferred.offence_group_code = first_published.offence_group_code
inner join periods on preferred.year_ending = periods.period_end
inner join offence_groups on preferred.offence_group_code = offence_groups.offence_group_code
left join crime on preferred.area_code = crime.area_code
