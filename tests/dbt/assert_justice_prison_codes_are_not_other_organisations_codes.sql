{{ config(meta={'dagster': {'ref': {'name': 'dim_organisation'}}}) }}

-- NOMIS codes (ACI) are three letters, like some ODS codes (independent sector providers start
-- A or N): the comparison engine joins values to organisations on the code alone, so a prison
-- or NPS division code must belong to no organisation of another type.
select
    organisation_code,
    list(distinct organisation_type) as organisation_types
from {{ ref('dim_organisation') }}
where organisation_code in (
        select justice.organisation_code from {{ ref('dim_organisation') }} as justice
        where justice.organisation_type in ('prison', 'probation_region')
    )
group by organisation_code
having count(distinct organisation_type) > 1
