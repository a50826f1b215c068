-- Peer sets that need no computation, one row per (peer set, organisation, peer):
--   ons_snn_<type>      ONS statistical nearest neighbours (global, economic, demographic), ranks
--                       1-20 as published (combined authorities have 5);
--   ons_cluster_<type>  every other member of the organisation's ONS cluster (A-D);
--   same_region__<organisation type>  every other organisation of that type in the same English
--                       region (Wales counts as one region);
--   same_type__<organisation type>    every other organisation of the same kind (e.g. all London
--                       boroughs; all 43 territorial forces);
--   user__<name>        the sets in seed user_peer_sets.
-- An organisation is never its own peer. Lists are not reciprocal (ONS nearest neighbours, user
-- sets): B in A's list does not put A in B's list.

-- The ONS files (2024/25 release) use 2024 codes for the two districts recoded by the April 2024
-- Barnsley/Sheffield boundary change; Frontline's geography is LAD 2023, so they are mapped back.
with recoded_2024 as (
    select 'E08000038' as code_2024, 'E08000016' as code_2023
    union all
    select 'E08000039', 'E08000019'
),

snn_as_published as (
    {%- for kind in ['global', 'economic', 'demographic'] %}
    select * from {{ ref('stg_ons__la_nearest_neighbours_' ~ kind) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

snn as (
    select
        coalesce(area_recode.code_2023, snn_as_published.area_code) as area_code,
        snn_as_published.neighbour_rank,
        coalesce(neighbour_recode.code_2023, snn_as_published.neighbour_code) as neighbour_code,
        snn_as_published.neighbour_type,
        snn_as_published.source_sha256
    from snn_as_published
    left join recoded_2024 as area_recode
        on area_recode.code_2024 = snn_as_published.area_code
    left join recoded_2024 as neighbour_recode
        on neighbour_recode.code_2024 = snn_as_published.neighbour_code
),

clusters_as_published as (
    select * from {{ ref('stg_ons__la_clusters_allocation') }}
),

clusters as (
    select
        coalesce(recoded_2024.code_2023, clusters_as_published.area_code) as area_code,
        clusters_as_published.global_cluster,
        clusters_as_published.economic_cluster,
        clusters_as_published.demographic_cluster,
        clusters_as_published.source_sha256
    from clusters_as_published
    left join recoded_2024 on recoded_2024.code_2024 = clusters_as_published.area_code
),

cluster_versions as (
    select max(source_sha256) as source_sha256 from clusters
),

cluster_members as (
    {%- for kind in ['global', 'economic', 'demographic'] %}
    select area_code, '{{ kind }}' as cluster_type, {{ kind }}_cluster as cluster_code
    from clusters
    where {{ kind }}_cluster is not null
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

districts as (
    select * from {{ ref('int_context__district_measures') }}
),

region_names as (
    select geography_code, geography_name from {{ ref('dim_geography') }}
),

-- every organisation with its region and kind, for the region and type sets
organisations as (
    select
        'council_lower_tier' as organisation_type,
        lad_code as organisation_code,
        region_code,
        case when country_code = 'W92000004' then 'Welsh unitary authority'
            else geography_type end as organisation_kind
    from districts
    union all
    select distinct
        'council_upper_tier',
        utla_code,
        region_code,
        case
            when utla_code like 'E10%' then 'County'
            when country_code = 'W92000004' then 'Welsh unitary authority'
            else geography_type
        end
    from districts
    union all
    select
        'police_force_area',
        pfa_code,
        coalesce(region_code, country_code),
        'Territorial police force'
    from {{ ref('int_geography__police_force_areas') }}
),

ons_snn_typed as (
    select
        *,
        case
            when area_code like 'E10%' then 'council_upper_tier'
            when area_code like 'E47%' then 'combined_authority'
            else 'council_lower_tier'
        end as organisation_type
    from snn
),

ons_snn as (
    select
        'ons_snn_' || neighbour_type || ':' || organisation_type as peer_set_id,
        'ons_snn_' || neighbour_type as peer_set_type,
        'ONS SNN as shipped, sha256:' || substring(source_sha256, 1, 12) as peer_set_version,
        organisation_type,
        area_code as organisation_code,
        neighbour_code as peer_code,
        neighbour_rank as peer_rank,
        cast(null as varchar) as reasons,
        'ONS Explore Local Statistics: local authority nearest neighbours (' || neighbour_type
            || ')' as source
    from ons_snn_typed
),

ons_clusters as (
    select
        'ons_cluster_' || member.cluster_type || ':council_lower_tier',
        'ons_cluster_' || member.cluster_type,
        'ONS clusters as shipped, sha256:' || substring(cluster_versions.source_sha256, 1, 12),
        'council_lower_tier',
        member.area_code,
        peer.area_code,
        cast(null as integer),
        'same ONS ' || member.cluster_type || ' cluster ' || member.cluster_code,
        'ONS Explore Local Statistics: local authority clusters (' || member.cluster_type || ')'
    from cluster_members as member
    inner join cluster_members as peer
        on peer.cluster_type = member.cluster_type
        and peer.cluster_code = member.cluster_code
        and peer.area_code <> member.area_code
    cross join cluster_versions
),

same_region as (
    select
        'same_region__' || organisation.organisation_type,
        'same_region',
        'geography lookups as built (LAD 2023)',
        organisation.organisation_type,
        organisation.organisation_code,
        peer.organisation_code,
        cast(null as integer),
        'same region: ' || coalesce(region_names.geography_name, organisation.region_code),
        'ONS LAD to region and police force area lookups (dim_geography)'
    from organisations as organisation
    inner join organisations as peer
        on peer.organisation_type = organisation.organisation_type
        and peer.region_code = organisation.region_code
        and peer.organisation_code <> organisation.organisation_code
    left join region_names on region_names.geography_code = organisation.region_code
),

same_type as (
    select
        'same_type__' || organisation.organisation_type,
        'same_type',
        'geography lookups as built (LAD 2023)',
        organisation.organisation_type,
        organisation.organisation_code,
        peer.organisation_code,
        cast(null as integer),
        'same type: ' || organisation.organisation_kind,
        'ONS mid-year estimates geography type; ONS PFA lookup'
    from organisations as organisation
    inner join organisations as peer
        on peer.organisation_type = organisation.organisation_type
        and peer.organisation_kind = organisation.organisation_kind
        and peer.organisation_code <> organisation.organisation_code
),

user_sets as (
    select * from {{ ref('user_peer_sets') }}
),

user_set_versions as (
    select
        peer_set_name,
        {{ dbt.hash(dbt.listagg(
            "organisation_type || ':' || organisation_code || '>' || peer_code",
            "','",
            'order by organisation_type, organisation_code, peer_code'
        )) }} as content_hash
    from user_sets
    group by peer_set_name
),

user_defined as (
    select
        'user__' || lower(replace(trim(user_sets.peer_set_name), ' ', '_')),
        'user_defined',
        'seed user_peer_sets, md5:' || substring(user_set_versions.content_hash, 1, 12),
        user_sets.organisation_type,
        user_sets.organisation_code,
        user_sets.peer_code,
        cast(null as integer),
        'user set: ' || user_sets.peer_set_name,
        'seed user_peer_sets'
    from user_sets
    inner join user_set_versions on user_set_versions.peer_set_name = user_sets.peer_set_name
    where user_sets.peer_code <> user_sets.organisation_code
),

single_tier_as_upper_tier as (
    -- a unitary authority, metropolitan district or London borough is a social-care (upper tier)
    -- authority too: its published sets also serve upper-tier comparisons
    select
        replace(peer_set_id, ':council_lower_tier', ':council_upper_tier'), peer_set_type,
        peer_set_version, 'council_upper_tier', organisation_code, peer_code, peer_rank, reasons,
        source
    from (select * from ons_snn union all select * from ons_clusters) as published
    where organisation_type = 'council_lower_tier'
        and (organisation_code like 'E06%' or organisation_code like 'E08%'
             or organisation_code like 'E09%' or organisation_code like 'W06%')
),

unioned as (
    select * from ons_snn
    union all
    select * from ons_clusters
    union all
    select * from single_tier_as_upper_tier
    union all
    select * from same_region
    union all
    select * from same_type
    union all
    select * from user_defined
)

select
    peer_set_id,
    peer_set_type,
    peer_set_version,
    organisation_type,
    organisation_code,
    peer_code,
    peer_rank,
    cast(null as double) as distance,
    reasons,
    source
from unioned
where peer_code <> organisation_code
