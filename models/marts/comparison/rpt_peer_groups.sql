-- Every peer set, one row per organisation and peer: nearest neighbours computed here from
-- context variables (with the reasons a peer is near), ONS statistical nearest neighbours and
-- clusters as published, same region, same type, and the sets users define in a seed.
-- Lists are not reciprocal: B can be among A's nearest without A being among B's.

select
    peer_set_id,
    peer_set_type,
    peer_set_version,
    organisation_type as comparison_type,
    organisation_code,
    peer_code,
    peer_rank,
    distance,
    reasons,
    source
from {{ ref('int_peer_groups__all') }}
