{{ config(meta={'dagster': {'ref': {'name': 'int_geography__local_authority_districts'}}}) }}

-- Every district in the 2017 LAD -> CSP -> PFA lookup must roll up (current_lad_code) to a
-- district that the 2023 lookup lists, in the same police force area; a split authority (no
-- single successor) is the only allowed exception. A row here means a succession is missing
-- from the register, a chain did not resolve, or a roll-up would move crime between forces.
with lookup_2017 as (
    select distinct
        lad_code,
        pfa_code
    from {{ ref('stg_ons__lad_csp_pfa_lookup') }}
    where vintage_year = 2017
),

lookup_2023 as (
    select distinct
        lad_code,
        pfa_code
    from {{ ref('stg_ons__lad_csp_pfa_lookup') }}
    where vintage_year = 2023
),

districts as (
    select * from {{ ref('int_geography__local_authority_districts') }}
),

successions as (
    select * from {{ ref('int_geography__code_successions') }}
)

select
    lookup_2017.lad_code,
    lookup_2017.pfa_code as pfa_code_2017,
    districts.current_lad_code,
    lookup_2023.pfa_code as pfa_code_2023
from lookup_2017
left join districts on lookup_2017.lad_code = districts.lad_code
left join lookup_2023 on districts.current_lad_code = lookup_2023.lad_code
left join successions on lookup_2017.lad_code = successions.abolished_code
where coalesce(successions.is_split, false) = false
    and (lookup_2023.lad_code is null or lookup_2023.pfa_code <> lookup_2017.pfa_code)
