-- NHS trusts that run a type 1 (major, consultant-led 24-hour) A&E department, each with every
-- other such trust: a like-for-like set for A&E measures. In the all-types 4-hour measure the
-- national comparison puts acute trusts beside community trusts whose minor injury units and
-- urgent treatment centres see nearly everyone within 4 hours; this set compares an acute trust
-- with acute trusts only. Membership: a type 1 attendance in any month of the A&E files loaded.

with type_1_providers as (
    select distinct organisation_code
    from {{ ref('int_health__ae_provider_months') }}
    where type_1_attendances > 0
),

trusts as (
    select organisation_code
    from {{ ref('int_health__organisations') }}
    where comparison_type = 'nhs_trust'
),

members as (
    select type_1_providers.organisation_code
    from type_1_providers
    inner join trusts on type_1_providers.organisation_code = trusts.organisation_code
),

months as (
    select
        min(period_key) as first_month,
        max(period_key) as last_month
    from {{ ref('int_health__ae_provider_months') }}
)

select
    'nhs_type_1_trusts:nhs_trust' as peer_set_id,
    'nhs_type_1_trusts' as peer_set_type,
    'NHS England A&E files ' || months.first_month || ' to ' || months.last_month
        as peer_set_version,
    'nhs_trust' as organisation_type,
    organisation.organisation_code,
    peer.organisation_code as peer_code,
    cast(null as integer) as peer_rank,
    cast(null as double) as distance,
    'both trusts run a type 1 (major) A&E department' as reasons,
    'NHS England, A&E attendances and emergency admissions: monthly provider files' as source
from members as organisation
inner join members as peer on organisation.organisation_code <> peer.organisation_code
cross join months
