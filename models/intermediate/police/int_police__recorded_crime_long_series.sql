-- The ONS long series (police recorded crime by force, years ending March 2003 to December 2018)
-- in Table P1's shape: force names mapped to their GSS codes through the geography, the
-- offences as published mapped to offence groups over time (seed police_offence_classification:
-- domestic burglary became residential burglary on 1 April 2017, and the rest), and every total
-- of the offence hierarchy (seed police_offence_groups) built from its published offences the
-- way the PFA workbooks build it. Fraud rows are left out: fraud is outside total recorded crime
-- (excluding fraud), and int_police__recorded_fraud keeps them.
--
-- A group is published for the 12 months it was in the classification (seed
-- police_offence_group_windows): 12 months that only partly overlap that span (years ending June
-- to December 2017) mix two classifications and have no count (status x); 12 months outside it
-- have no row (the file prints residential burglary as 0 from 2014). Published offences count
-- towards burglary, theft offences and the total whatever their group's span.

with recursive long_series as (
    select * from {{ ref('stg_ons__recorded_crime_long_series') }}
    where row_type in ('police_force_area', 'national_force')
),

classification as (
    select * from {{ ref('police_offence_classification') }}
    where scope = 'recorded_crime'
),

offence_groups as (
    select
        groups.*,
        windows.in_use_from,
        windows.in_use_to
    from {{ ref('police_offence_groups') }} as groups
    left join {{ ref('police_offence_group_windows') }} as windows
        on groups.offence_group_code = windows.offence_group_code
),

force_codes as (
    select
        force_name,
        force_code
    from {{ ref('int_police__force_names') }}
),

-- each offence group with itself and every group above it
ancestry as (
    select
        offence_group_code,
        offence_group_code as ancestor_code
    from offence_groups
    union all
    select
        ancestry.offence_group_code,
        parents.parent_offence_group_code as ancestor_code
    from ancestry
    inner join offence_groups as parents on ancestry.ancestor_code = parents.offence_group_code
    where parents.parent_offence_group_code is not null
),

published_offences as (
    select
        force_codes.force_code,
        long_series.pfa_name,
        long_series.year_ending,
        classification.offence_group_code,
        long_series.recorded_crimes,
        long_series.source_file,
        long_series.source_row_number
    from long_series
    inner join classification
        on long_series.offence_as_published = classification.offence_as_published
        and long_series.year_ending
        >= coalesce(cast(classification.first_year_ending as date), cast('1900-01-01' as date))
        and long_series.year_ending
        <= coalesce(cast(classification.last_year_ending as date), cast('2999-12-31' as date))
    inner join force_codes on long_series.pfa_name = force_codes.force_name
),

summed as (
    select
        published_offences.force_code,
        published_offences.year_ending,
        ancestry.ancestor_code as offence_group_code,
        max(published_offences.pfa_name) as force_name,
        cast(sum(published_offences.recorded_crimes) as bigint) as summed_crimes,
        cast(count(*) as integer) as source_rows_summed,
        min(published_offences.source_row_number) as first_source_row_number,
        max(published_offences.source_file) as source_file
    from published_offences
    inner join ancestry on published_offences.offence_group_code = ancestry.offence_group_code
    group by
        published_offences.force_code,
        published_offences.year_ending,
        ancestry.ancestor_code
),

spans as (
    -- each row's 12 months against its group's span in the classification
    select
        summed.*,
        offence_groups.offence_group_name,
        cast({{ dbt.dateadd('day', 1, dbt.dateadd('month', -12, 'summed.year_ending')) }} as date)
            as period_start,
        cast(offence_groups.in_use_from as date) as in_use_from,
        cast(offence_groups.in_use_to as date) as in_use_to
    from summed
    inner join offence_groups on summed.offence_group_code = offence_groups.offence_group_code
),

placed as (
    select
        *,
        (in_use_from is null or period_start >= in_use_from)
        and (in_use_to is null or year_ending <= in_use_to) as is_wholly_classified,
        (in_use_from is null or year_ending >= in_use_from)
        and (in_use_to is null or period_start <= in_use_to) as overlaps_classification
    from spans
)

select
    force_code,
    force_name,
    case when force_code = 'BTP' then 'national_force' else 'police_force_area' end
        as area_level,
    year_ending,
    offence_group_code,
    case when is_wholly_classified then summed_crimes end as recorded_crimes,
    case when not is_wholly_classified then 'x' end as status_symbol,
    case
        when not is_wholly_classified
            then 'offence classification changed on 1 April 2017: these 12 months mix '
                || lower(offence_group_name) || ' with '
                || case when in_use_from is not null then 'its predecessor' else 'its successor' end
                || ' (published as ' || cast(summed_crimes as varchar) || ')'
    end as status_reason,
    summed_crimes as published_sum,
    source_rows_summed,
    first_source_row_number,
    source_file
from placed
where overlaps_classification
