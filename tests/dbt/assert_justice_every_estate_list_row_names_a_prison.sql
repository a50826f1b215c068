{{ config(meta={'dagster': {'ref': {'name': 'int_justice__organisations'}}}) }}

-- The estate list is matched to NOMIS codes by name. Every row it lists must type at least one
-- prison (a name that matched nothing would leave its prison untyped): per function, at least
-- as many prisons as list rows. And every open prison must have a function.
with listed as (
    select
        trim(regexp_replace(lower(predominant_function), '[^a-z0-9]+', '_', 'g'), '_')
            as organisation_subtype,
        count(*) as list_rows
    from {{ ref('stg_noms__prison_estate_list') }}
    group by 1
),

typed as (
    select
        organisation_subtype,
        count(*) as prisons
    from {{ ref('int_justice__organisations') }}
    where organisation_type = 'prison'
    group by 1
)

select
    'function ' || listed.organisation_subtype || ': ' || listed.list_rows || ' list rows, '
    || coalesce(typed.prisons, 0) || ' prisons' as problem
from listed
left join typed on listed.organisation_subtype = typed.organisation_subtype
where coalesce(typed.prisons, 0) < listed.list_rows
union all
select 'open prison without a function: ' || organisation_code
from {{ ref('int_justice__organisations') }}
where organisation_type = 'prison' and valid_to is null and organisation_subtype is null
