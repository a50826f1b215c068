-- Every peer set in one place: computed nearest neighbours, the published and simple sets, then
-- each sector's own sets (models with the same columns, listed in `peer_set_models`).

{%- set peer_set_models = [
    'int_peer_groups__nearest_neighbours',
    'int_peer_groups__published_and_simple',
    'int_peer_groups__similar_schools',
    'int_peer_groups__dfe_statistical_neighbours',
    'int_peer_groups__nhs_type_1_trusts',
] %}

{%- for model in peer_set_models %}
    {% if not loop.first %}union all{% endif %}
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
