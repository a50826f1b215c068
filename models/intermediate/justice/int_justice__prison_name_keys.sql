-- Every name a prison is known by, as a matching key (macro prison_name_key), with its NOMIS
-- code: the NOMIS map's name (HMP Altcourse) and NOMIS name (ALTCOURSE (HMP)), and the register
-- name of its prison-estate code (HMP/YOI Altcourse). Published tables name prisons, never code
-- them. Where one key names two establishments (a closed prison and a later one of the same
-- name), the open one is taken; `candidate_codes` says how many there were.

with names as (
    select
        nomis_code,
        establishment_name as name
    from {{ ref('stg_noms__prison_nomis_codes') }}
    union all
    select
        nomis_code,
        nomis_name
    from {{ ref('stg_noms__prison_nomis_codes') }}
    union all
    select
        codes.nomis_code,
        register.prison_name
    from {{ ref('stg_noms__prison_nomis_codes') }} as codes
    inner join {{ ref('stg_noms__prison_register') }} as register
        on codes.prison_estate_code = register.prison_estate_code
),

keyed as (
    select distinct
        {{ prison_name_key('names.name') }} as prison_name_key,
        names.nomis_code as organisation_code,
        organisations.valid_to
    from names
    inner join {{ ref('int_justice__organisations') }} as organisations
        on names.nomis_code = organisations.organisation_code
),

ranked as (
    select
        *,
        count(*) over (partition by prison_name_key) as candidate_codes,
        row_number() over (
            partition by prison_name_key order by valid_to is null desc, organisation_code
        ) as preference
    from keyed
)

select
    prison_name_key,
    organisation_code,
    cast(candidate_codes as integer) as candidate_codes
from ranked
where preference = 1
