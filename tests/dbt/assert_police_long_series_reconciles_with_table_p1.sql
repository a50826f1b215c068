{{ config(meta={'dagster': {'ref': {'name': 'int_police__recorded_crime_vintages'}}}) }}

-- The long series reconciles with Table P1 for every quarter both give (years ending March to
-- December 2018), every area and offence group:
--   * from one release (year ending December 2018: the long series came with it) the counts are
--     equal, so the offence hierarchy built from the long series' offences, the burglary codes
--     mapped across the April 2017 change, and the regions, countries and England and Wales
--     summed from its forces are Table P1's own printed totals;
--   * from two releases (March to September 2018: first published in the quarter's workbook,
--     revised in the long series) they may differ, and the difference is a revision, shown in
--     rpt_police_recorded_crime_revisions: both counts must be there.
-- A failing row is a figure one source gives and the other lacks, or a mismatch within a release.
with vintages as (
    select * from {{ ref('int_police__recorded_crime_vintages') }}
),

overlap as (
    -- the quarters both give: from the first workbook to the end of the long series
    select
        min(case when source_kind = 'pfa_tables_p1' then year_ending end) as first_quarter,
        max(case when source_kind <> 'pfa_tables_p1' then year_ending end) as last_quarter
    from vintages
),

workbook as (
    select vintages.*
    from vintages
    cross join overlap
    where vintages.source_kind = 'pfa_tables_p1'
        and vintages.year_ending between overlap.first_quarter and overlap.last_quarter
),

long_series as (
    select vintages.*
    from vintages
    cross join overlap
    where vintages.source_kind <> 'pfa_tables_p1'
        and vintages.year_ending between overlap.first_quarter and overlap.last_quarter
)

select
    coalesce(workbook.area_code, long_series.area_code) as area_code,
    coalesce(workbook.year_ending, long_series.year_ending) as year_ending,
    coalesce(workbook.offence_group_code, long_series.offence_group_code) as offence_group_code,
    workbook.recorded_crimes as table_p1_count,
    workbook.publication_code as table_p1_publication,
    long_series.recorded_crimes as long_series_count,
    long_series.publication_code as long_series_publication,
    case
        when workbook.area_code is null then 'in the long series, not in Table P1'
        when long_series.area_code is null then 'in Table P1, not in the long series'
        else 'one release, two counts'
    end as problem
from workbook
full outer join long_series
    on workbook.area_code = long_series.area_code
    and workbook.year_ending = long_series.year_ending
    and workbook.offence_group_code = long_series.offence_group_code
where workbook.area_code is null
    or long_series.area_code is null
    or (
        workbook.publication_code = long_series.publication_code
        and workbook.recorded_crimes is distinct from long_series.recorded_crimes
    )
