-- Every GSS code that stopped being used, mapped to the code that replaced it, from mySociety's
-- register of past and current authorities (data, not code): abolished authorities through
-- `replaced-by`, and recoded ones (e.g. Gateshead E08000020 -> E08000037) through
-- `former-gss-codes`. Chains (Taunton Deane -> Somerset West and Taunton -> Somerset) resolve to
-- the code current today. An authority split between several successors (Northamptonshire,
-- Cumbria counties) has no single successor: its figures do not roll up and it is flagged.

with authorities as (
    select * from {{ ref('stg_mysociety__local_authorities') }}
),

replaced as (
    select
        abolished.gss_code as abolished_code,
        abolished.official_name as abolished_name,
        abolished.end_date as abolished_on,
        abolished.replaced_by_registry_codes,
        successor.gss_code as successor_code,
        abolished.replaced_by_registry_codes like '%,%' as is_split,
        'abolished' as change_type
    from authorities as abolished
    left join authorities as successor
        on abolished.replaced_by_registry_codes = successor.registry_code
    where abolished.replaced_by_registry_codes is not null
        and abolished.gss_code is not null
),

-- former-gss-codes holds up to two codes; split the list without engine-specific functions
recoded as (
    select
        trim(split_part(former_gss_codes, ',', 1)) as abolished_code,
        official_name as abolished_name,
        cast(null as date) as abolished_on,
        cast(null as varchar) as replaced_by_registry_codes,
        gss_code as successor_code,
        false as is_split,
        'recoded' as change_type
    from authorities
    where former_gss_codes is not null
    union all
    select
        trim(split_part(former_gss_codes, ',', 2)) as abolished_code,
        official_name as abolished_name,
        cast(null as date) as abolished_on,
        cast(null as varchar) as replaced_by_registry_codes,
        gss_code as successor_code,
        false as is_split,
        'recoded' as change_type
    from authorities
    where former_gss_codes like '%,%'
),

direct as (
    select * from replaced
    union all
    select * from recoded
),

resolved as (
    select
        step1.abolished_code,
        step1.abolished_name,
        step1.abolished_on,
        step1.change_type,
        step1.is_split,
        step1.successor_code as immediate_successor_code,
        case
            when step1.is_split then null
            else coalesce(step3.successor_code, step2.successor_code, step1.successor_code)
        end as current_successor_code
    from direct as step1
    left join direct as step2
        on step1.successor_code = step2.abolished_code and not step2.is_split
    left join direct as step3
        on step2.successor_code = step3.abolished_code and not step3.is_split
)

select * from resolved
