-- DfE children's services statistical neighbours (May 2025) as a peer set of upper-tier councils:
-- each LA's ten neighbours in DfE's order (peer_rank 1-10) with DfE's closeness band as the
-- reason. Old 3-digit LA numbers are mapped to GSS codes as LAIT's values are
-- (int_education__lait_areas), so a council's neighbours are the councils whose values LAIT
-- averages for it. The lists of abolished LAs (the sheet's 'Old SNs:' rows: Cumbria,
-- Northamptonshire, Dorset, Poole, Bournemouth) are kept for their earlier values.

with neighbours as (
    select * from {{ ref('stg_dfe__statistical_neighbours') }}
),

areas as (
    select
        la_number,
        geography_code
    from {{ ref('int_education__lait_areas') }}
    where area_type = 'local_authority'
),

version as (
    select
        'DfE children''s services statistical neighbours, May 2025, sha256:'
        || substring(max(source_sha256), 1, 12) as peer_set_version
    from neighbours
)

select
    'dfe_statistical_neighbours:council_upper_tier' as peer_set_id,
    'dfe_statistical_neighbours' as peer_set_type,
    version.peer_set_version,
    'council_upper_tier' as organisation_type,
    organisation.geography_code as organisation_code,
    peer.geography_code as peer_code,
    neighbours.neighbour_rank as peer_rank,
    cast(null as double) as distance,
    neighbours.closeness as reasons,
    'DfE children''s services statistical neighbour benchmarking (May 2025), as used by LAIT'
        as source
from neighbours
inner join areas as organisation on neighbours.la_number = organisation.la_number
inner join areas as peer on neighbours.neighbour_la_number = peer.la_number
cross join version
