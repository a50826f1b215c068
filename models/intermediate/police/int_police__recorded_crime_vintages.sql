-- Every count of police recorded crime with the publication (vintage) it came from: ONS revises
-- recorded crime after it first publishes it, so one figure (area x offence group x year ending)
-- can have several counts, one per publication. Two sources give vintages:
--   * Table P1 of each PFA workbook: the counts of its own quarter, as first published in the
--     release for that quarter (every area ONS prints, totals included);
--   * the long series (rec-crime-pfa.csv): one vintage, the release of its latest period (year
--     ending December 2018), every quarter back to 2003 as revised then; forces only, so the
--     regions, countries and England and Wales are summed from their forces the way Table P1
--     sums them (England and Wales includes British Transport Police).
-- Publication dates: seed police_recorded_crime_publications. When one publication gives a figure
-- in both files (year ending December 2018), the printed workbook is the preferred source
-- (is_preferred_source) and the long series is kept beside it, so the two can be reconciled.

with publications as (
    select
        publication_code,
        cast(latest_year_ending as date) as latest_year_ending,
        publication_title,
        cast(published_on as date) as published_on
    from {{ ref('police_recorded_crime_publications') }}
),

workbook_counts as (
    -- a workbook's Table P1 is the release for the quarter it prints
    select
        p1.area_code,
        p1.area_level,
        p1.year_ending,
        p1.offence_group_code,
        p1.recorded_crimes,
        p1.status_symbol,
        case
            when p1.status_symbol is not null
                then 'published as ' || p1.published_value || ' (not available)'
        end as status_reason,
        case when p1.status_symbol is not null then 'not_supplied' end as status_cause,
        publications.publication_code,
        'pfa_tables_p1' as source_kind,
        p1.source_file,
        p1.source_sheet,
        p1.source_row_number,
        cast(1 as integer) as source_rows_summed
    from {{ ref('stg_ons__pfa_recorded_crime') }} as p1
    inner join publications on p1.year_ending = publications.latest_year_ending
),

long_series as (
    select * from {{ ref('int_police__recorded_crime_long_series') }}
),

long_series_latest as (
    select max(year_ending) as latest_year_ending
    from long_series
),

long_series_publication as (
    -- the long series is one vintage: the release of its latest period
    select publications.publication_code
    from publications
    inner join long_series_latest
        on publications.latest_year_ending = long_series_latest.latest_year_ending
),

long_series_forces as (
    select
        long_series.force_code as area_code,
        long_series.area_level,
        long_series.year_ending,
        long_series.offence_group_code,
        long_series.recorded_crimes,
        long_series.status_symbol,
        long_series.status_reason,
        case when long_series.status_symbol is not null then 'classification' end as status_cause,
        long_series_publication.publication_code,
        'long_series' as source_kind,
        long_series.source_file,
        cast(null as varchar) as source_sheet,
        long_series.first_source_row_number as source_row_number,
        long_series.source_rows_summed
    from long_series
    cross join long_series_publication
),

memberships as (
    select * from {{ ref('int_police__force_memberships') }}
),

member_counts as (
    select
        aggregate_code,
        cast(count(*) as integer) as member_forces
    from memberships
    group by aggregate_code
),

long_series_aggregates as (
    -- regions, countries and England and Wales: the sum of their forces, as Table P1 prints them
    select
        memberships.aggregate_code as area_code,
        case
            when memberships.aggregate_code like 'K04%' then 'country_group'
            when memberships.aggregate_code like 'E12%' then 'region'
            else 'country'
        end as area_level,
        forces.year_ending,
        forces.offence_group_code,
        case
            when count(*) = max(member_counts.member_forces) and count(forces.status_symbol) = 0
                then cast(sum(forces.recorded_crimes) as bigint)
        end as recorded_crimes,
        case
            when count(*) < max(member_counts.member_forces) or count(forces.status_symbol) > 0
                then 'x'
        end as status_symbol,
        case
            when count(*) < max(member_counts.member_forces)
                then 'not every member force is in the long series'
            when count(forces.status_symbol) > 0 then max(forces.status_reason)
        end as status_reason,
        case
            when count(*) < max(member_counts.member_forces) then 'members_missing'
            when count(forces.status_symbol) > 0 then 'classification'
        end as status_cause,
        max(forces.publication_code) as publication_code,
        'long_series_sum_of_forces' as source_kind,
        max(forces.source_file) as source_file,
        cast(null as varchar) as source_sheet,
        cast(null as integer) as source_row_number,
        cast(sum(forces.source_rows_summed) as integer) as source_rows_summed
    from memberships
    inner join member_counts on memberships.aggregate_code = member_counts.aggregate_code
    inner join long_series_forces as forces on memberships.force_code = forces.area_code
    group by
        memberships.aggregate_code,
        forces.year_ending,
        forces.offence_group_code
),

all_counts as (
    select * from workbook_counts
    union all
    select * from long_series_forces
    union all
    select * from long_series_aggregates
),

dated as (
    select
        all_counts.*,
        publications.publication_title,
        publications.published_on,
        row_number() over (
            partition by
                all_counts.area_code,
                all_counts.year_ending,
                all_counts.offence_group_code,
                all_counts.publication_code
            order by case all_counts.source_kind when 'pfa_tables_p1' then 1 else 2 end
        ) = 1 as is_preferred_source
    from all_counts
    inner join publications on all_counts.publication_code = publications.publication_code
),

numbered as (
    select
        *,
        cast(dense_rank() over (
            partition by area_code, year_ending, offence_group_code
            order by published_on
        ) as integer) as vintage_number
    from dated
)

select
    *,
    vintage_number = max(vintage_number) over (
        partition by area_code, year_ending, offence_group_code
    ) as is_latest_vintage,
    cast(max(vintage_number) over (
        partition by area_code, year_ending, offence_group_code
    ) as integer) as vintages
from numbered
