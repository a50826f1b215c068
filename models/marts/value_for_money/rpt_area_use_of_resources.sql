-- Whole-area use of resources: for each upper-tier council area, the organisations that serve it
-- (council, police force, NHS trusts headquartered there, schools, prisons located there), each
-- with its latest key comparisons (seed area_use_of_resources_measures: which indicators, against
-- which peer set) side by side, and one documented summary per area. An organisation with no
-- comparison for a measure is still listed (indicator null), never dropped.

with serving as (
    select * from {{ ref('int_area__serving_organisations') }}
),

measures as (
    select * from {{ ref('area_use_of_resources_measures') }}
),

latest as (
    select
        measures.role,
        positions.*,
        periods.period_end
    from {{ ref('int_comparison__positions') }} as positions
    inner join measures
        on positions.organisation_type like measures.organisation_type_pattern
        and positions.indicator_code = measures.indicator_code
        and positions.peer_set_id like measures.peer_set_id
        and positions.period_key like measures.period_key_pattern
    inner join {{ ref('dim_period') }} as periods on positions.period_key = periods.period_key
    where positions.value is not null
    qualify row_number() over (
            partition by positions.organisation_code, positions.indicator_code
            order by periods.period_end desc
        ) = 1
),

names as (
    select
        organisation_code,
        min(organisation_name) as organisation_name
    from {{ ref('dim_organisation') }}
    group by organisation_code
),

rows_ as (
    select
        serving.area_code,
        areas.organisation_name as area_name,
        serving.role,
        serving.organisation_code,
        coalesce(latest.organisation_name, names.organisation_name) as organisation_name,
        serving.link_basis,
        latest.organisation_type as comparison_type,
        latest.indicator_code,
        latest.indicator_name,
        latest.polarity,
        latest.period_key,
        latest.period_label,
        latest.value,
        latest.unit,
        latest.peer_set_id,
        latest.peer_count,
        latest.peer_median,
        latest.rank_among_peers,
        latest.national_value,
        latest.national_rank,
        latest.organisations_reporting,
        latest.quartile_band
    from serving
    left join names as areas on serving.area_code = areas.organisation_code
    left join names on serving.organisation_code = names.organisation_code
    left join latest
        on serving.organisation_code = latest.organisation_code
        and serving.role = latest.role
),

counts as (
    select
        area_code,
        count(distinct organisation_code) filter (where role = 'police force') as forces,
        count(distinct organisation_code) filter (where role = 'NHS trust') as trusts,
        count(distinct organisation_code) filter (where role = 'school') as schools,
        count(distinct organisation_code) filter (where role = 'prison') as prisons,
        count(*) filter (where quartile_band is not null) as banded,
        count(*) filter (where quartile_band = 'A') as band_a,
        count(*) filter (where quartile_band = 'D') as band_d,
        string_agg(
            organisation_name || ' (' || indicator_name || ')', '; '
            order by role, organisation_name, indicator_name
        ) filter (where quartile_band = 'D' and role <> 'school') as worst_quarter
    from rows_
    group by area_code
),

summaries as (
    select
        counts.area_code,
        concat(
            max(rows_.area_name), ': the council, ',
            counts.forces, ' police force', case when counts.forces = 1 then '' else 's' end, ', ',
            counts.trusts, ' NHS trust', case when counts.trusts = 1 then '' else 's' end,
            ' headquartered here, ',
            counts.schools, ' school', case when counts.schools = 1 then '' else 's' end, ' and ',
            counts.prisons, ' prison', case when counts.prisons = 1 then '' else 's' end,
            '. Of their ', counts.banded, ' latest comparisons with a quartile band (over all ',
            'organisations of their type), ', counts.band_a, ' are in band A (best quarter) and ',
            counts.band_d, ' in band D (worst quarter)',
            case when counts.worst_quarter is not null
                    then '; band D outside schools: ' || counts.worst_quarter
            end,
            '.'
        ) as area_summary
    from counts
    inner join rows_ on counts.area_code = rows_.area_code
    group by
        counts.area_code, counts.forces, counts.trusts, counts.schools, counts.prisons,
        counts.banded, counts.band_a, counts.band_d, counts.worst_quarter
)

select
    cast(rows_.area_code as varchar) as area_code,
    cast(rows_.area_name as varchar) as area_name,
    cast(rows_.role as varchar) as role,
    cast(rows_.organisation_code as varchar) as organisation_code,
    cast(rows_.organisation_name as varchar) as organisation_name,
    cast(rows_.link_basis as varchar) as link_basis,
    cast(rows_.comparison_type as varchar) as comparison_type,
    cast(rows_.indicator_code as varchar) as indicator_code,
    cast(rows_.indicator_name as varchar) as indicator_name,
    cast(rows_.polarity as varchar) as polarity,
    cast(rows_.period_key as varchar) as period_key,
    cast(rows_.period_label as varchar) as period_label,
    cast(rows_.value as double) as value,
    cast(rows_.unit as varchar) as unit,
    cast(rows_.peer_set_id as varchar) as peer_set_id,
    cast(rows_.peer_count as integer) as peers_compared,
    cast(rows_.peer_median as double) as peer_median,
    cast(rows_.rank_among_peers as integer) as rank_among_peers,
    cast(rows_.national_value as double) as national_value,
    cast(rows_.national_rank as integer) as national_rank,
    cast(rows_.organisations_reporting as integer) as organisations_reporting,
    cast(rows_.quartile_band as varchar) as quartile_band,
    cast(summaries.area_summary as varchar) as area_summary
from rows_
inner join summaries on rows_.area_code = summaries.area_code
