-- An organisation is never its own peer, in any peer set.
select *
from {{ ref('int_peer_groups__published_and_simple') }}
where peer_code = organisation_code
