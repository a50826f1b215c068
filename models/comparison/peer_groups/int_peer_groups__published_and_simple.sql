-- Peer sets that need no computation, one row per (peer set, organisation, peer). Every peer set
-- id, here and in int_peer_groups__all, reads <peer set type>:<comparison type>[:<qualifier>]:
--   ons_snn_<kind>:<type>      ONS statistical nearest neighbours (global, economic, demographic),
--                              ranks 1-20 as published (combined authorities have 5);
--   ons_cluster_<kind>:<type>  every other member of the organisation's ONS cluster (A-D);
--   same_region:<type>         every other organisation of that type in the same English region
--                              (Wales counts as one region);
--   same_type:<type>           every other organisation of the same kind (e.g. all London
--                              boroughs; all 43 territorial forces);
--   user_defined:<type>:<name> the sets in seed user_peer_sets (name in lower case, spaces as _).
-- An organisation is never its own peer. Lists are not reciprocal (ONS nearest neighbours, user
-- sets): B in A's list does not put A in B's list.

-- The ONS files (2024/25 release) use 2024 codes for the two districts recoded by the April 2024
-- Barnsley/Sheffield boundary change; Frontline's geography is LAD 2023, so they are mapped back.
with recoded_2024 as (
    select
        'E08000038' as code_2024,
        'E08000016' as code_2023
    union all
    select
        'E08000039' as code_2024,
        'E08000019' as code_2023
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
        on snn_as_published.area_code = area_recode.code_2024
    left join recoded_2024 as neighbour_recode
        on snn_as_published.neighbour_code = neighbour_recode.code_2024
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
    left join recoded_2024 on clusters_as_published.area_code = recoded_2024.code_2024
),

cluster_versions as (
    select max(source_sha256) as source_sha256 from clusters
),

cluster_members as (
    {%- for kind in ['global', 'economic', 'demographic'] %}
        select
            area_code,
            '{{ kind }}' as cluster_type,
            {{ kind }}_cluster as cluster_code
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
    select
        geography_code,
        geography_name
    from {{ ref('dim_geography') }}
),

-- every organisation with its region and kind, for the region and type sets
organisations as (
    select
        'council_lower_tier' as organisation_type,
        lad_code as organisation_code,
        region_code,
        case when country_code = 'W92000004' then 'Welsh unitary authority'
            else geography_type
        end as organisation_kind
    from districts
    union all
    select distinct
        'council_upper_tier' as organisation_type,
        utla_code as organisation_code,
        region_code,
        case
            when utla_code like 'E10%' then 'County'
            when country_code = 'W92000004' then 'Welsh unitary authority'
            else geography_type
        end as organisation_kind
    from districts
    union all
    select
        'police_force_area' as organisation_type,
        pfa_code as organisation_code,
        coalesce(region_code, country_code) as region_code,
        'Territorial police force' as organisation_kind
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
        'ons_cluster_' || member.cluster_type || ':council_lower_tier' as peer_set_id,
        'ons_cluster_' || member.cluster_type as peer_set_type,
        'ONS clusters as shipped, sha256:' || substring(cluster_versions.source_sha256, 1, 12)
            as peer_set_version,
        'council_lower_tier' as organisation_type,
        member.area_code as organisation_code,
        peer.area_code as peer_code,
        cast(null as integer) as peer_rank,
        'same ONS ' || member.cluster_type || ' cluster ' || member.cluster_code as reasons,
        'ONS Explore Local Statistics: local authority clusters (' || member.cluster_type || ')'
            as source
    from cluster_members as member
    inner join cluster_members as peer
        on member.cluster_type = peer.cluster_type
        and member.cluster_code = peer.cluster_code
        and member.area_code <> peer.area_code
    cross join cluster_versions
),

same_region as (
    select
        'same_region:' || organisation.organisation_type as peer_set_id,
        'same_region' as peer_set_type,
        'geography lookups as built (LAD 2023)' as peer_set_version,
        organisation.organisation_type,
        organisation.organisation_code,
        peer.organisation_code as peer_code,
        cast(null as integer) as peer_rank,
        'same region: ' || coalesce(region_names.geography_name, organisation.region_code)
            as reasons,
        'ONS LAD to region and police force area lookups (dim_geography)' as source
    from organisations as organisation
    inner join organisations as peer
        on organisation.organisation_type = peer.organisation_type
        and organisation.region_code = peer.region_code
        and organisation.organisation_code <> peer.organisation_code
    left join region_names on organisation.region_code = region_names.geography_code
),

same_type as (
    select
        'same_type:' || organisation.organisation_type as peer_set_id,
        'same_type' as peer_set_type,
        'geography lookups as built (LAD 2023)' as peer_set_version,
        organisation.organisation_type,
        organisation.organisation_code,
        peer.organisation_code as peer_code,
        cast(null as integer) as peer_rank,
        'same type: ' || organisation.organisation_kind as reasons,
        'ONS mid-year estimates geography type; ONS PFA lookup' as source
    from organisations as organisation
    inner join organisations as peer
        on organisation.organisation_type = peer.organisation_type
        and organisation.organisation_kind = peer.organisation_kind
        and organisation.organisation_code <> peer.organisation_code
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
        'user_defined:' || user_sets.organisation_type || ':'
        || lower(replace(trim(user_sets.peer_set_name), ' ', '_')) as peer_set_id,
        'user_defined' as peer_set_type,
        'seed user_peer_sets, md5:' || substring(user_set_versions.content_hash, 1, 12)
            as peer_set_version,
        user_sets.organisation_type,
        user_sets.organisation_code,
        user_sets.peer_code,
        cast(null as integer) as peer_rank,
        'user set: ' || user_sets.peer_set_name as reasons,
        'seed user_peer_sets' as source
    from user_sets
    inner join user_set_versions on user_sets.peer_set_name = user_set_versions.peer_set_name
    where user_sets.peer_code <> user_sets.organisation_code
),

single_tier_as_upper_tier as (
    -- a unitary authority, metropolitan district or London borough is a social-care (upper tier)
    -- authority too: its published sets also serve upper-tier comparisons, less the
    -- non-metropolitan districts ONS lists among its neighbours, which are no upper-tier councils
    -- (the others keep their published ranks, so a rank may be skipped)
    select
        replace(peer_set_id, ':council_lower_tier', ':council_upper_tier') as peer_set_id,
        peer_set_type,
        peer_set_version,
        'council_upper_tier' as organisation_type,
        organisation_code,
        peer_code,
        peer_rank,
        reasons,
        source
    from (
        select * from ons_snn
        union all
        select * from ons_clusters
    ) as published
    where organisation_type = 'council_lower_tier'
        and (
            organisation_code like 'E06%' or organisation_code like 'E08%'
            or organisation_code like 'E09%' or organisation_code like 'W06%'
        )
        and peer_code not like 'E07%'
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
