{{ config(meta={'dagster': {'ref': {'name': 'rpt_peer_groups'}}}) }}

-- A peer set compares an organisation with others: it must never list the organisation itself.
select *
from {{ ref('rpt_peer_groups') }}
where organisation_code = peer_code
