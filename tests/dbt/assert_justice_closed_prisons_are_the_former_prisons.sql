{{ config(meta={'dagster': {'ref': {'name': 'int_justice__organisations'}}}) }}

-- A prison is closed exactly when the former-prisons list (or the register) gives it an end
-- date: every former prison is closed on the last day of its published end-date period, and no
-- prison outside the list is closed unless the register gives it an end date.
with prisons as (
    select * from {{ ref('int_justice__organisations') }}
    where organisation_type = 'prison'
),

former as (
    select * from {{ ref('stg_noms__former_prisons') }}
),

dated_in_register as (
    select prison_estate_code from {{ ref('stg_noms__prison_register') }}
    where end_date is not null
)

select
    coalesce(prisons.organisation_code, former.nomis_code) as nomis_code,
    prisons.valid_to,
    former.end_date
from prisons
full outer join former on prisons.organisation_code = former.nomis_code
where (former.nomis_code is not null and prisons.valid_to is distinct from former.end_date)
    or (
        former.nomis_code is null and prisons.valid_to is not null
        and prisons.registry_code not in (
            select dated_in_register.prison_estate_code from dated_in_register
        )
    )
