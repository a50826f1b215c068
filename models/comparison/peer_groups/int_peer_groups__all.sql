-- Every peer set in one place: computed nearest neighbours, the published and simple sets, then
-- each sector's own sets (models with the same columns, listed in `sector_peer_sets`).

{%- set sector_peer_sets = [
    'int_peer_groups__similar_schools',
    'int_peer_groups__dfe_statistical_neighbours',
    'int_peer_groups__nhs_type_1_trusts',
] %}

with computed as (
    select
        peer_set_id,
        peer_set_type,
        peer_set_version,
        organisation_type,
        organisation_code,
        peer_code,
        cast(peer_rank as integer) as peer_rank,
        cast(distance as double) as distance,
        reasons,
        source
    from {{ ref('int_peer_groups__nearest_neighbours') }}
),

published_and_simple as (
    select
        peer_set_id,
        peer_set_type,
        peer_set_version,
        organisation_type,
        organisation_code,
        peer_code,
        cast(peer_rank as integer) as peer_rank,
        cast(distance as double) as distance,
        reasons,
        source
    from {{ ref('int_peer_groups__published_and_simple') }}
)

select * from computed
union all
select * from published_and_simple
{%- for model in sector_peer_sets %}
    union all
    select
        peer_set_id,
        peer_set_type,
        peer_set_version,
        organisation_type,
        organisation_code,
        peer_code,
        cast(peer_rank as integer) as peer_rank,
        cast(distance as double) as distance,
        reasons,
        source
    from {{ ref(model) }}
{%- endfor %}
