-- Prisons and National Probation Service divisions, in dim_organisation's columns.
--
-- Prisons: one row per NOMIS establishment code (the key of HMPPS and MoJ statistics) in the
-- NOMIS code map, less TRN ('Transfer', a movement code, not an establishment).
--   name          the register name where the prison-estate code has one register entry
--                 (HMP/YOI Altcourse); the former-prisons official name for a closed prison;
--                 otherwise the map's name (MH and VE have two register entries each, an HMP and
--                 an HMIRC, with no dates; GNI, SPI, UKI, UPI, PFI have no prison-estate code).
--   registry_code the prison-estate code (map, else the former-prisons list: CSI -> CS).
--   valid_to      the end-date of the former-prisons list, else of the register, to the last day
--                 of the period published (2009-04 -> 2009-04-30); null = open. valid_from: null
--                 (no start-date is published).
--   subtype       the predominant function in the NOMS estate list 2016, as a slug (local,
--                 cat_b_trainer, cat_c_trainer, open, female, high_security, yoi, yjb,
--                 immigration_removal_centre, secure_training_centre, not_in_use, and the
--                 mixed sites cat_b_trainer_open, cat_c_trainer_open). The list has no codes: it
--                 is matched by name (NOMIS name upper case without '(HMP)', 'HMP ', ' HMP/YOI',
--                 ' IMMIGRATION REMOVAL CENTRE', ' FEMALE HMP'; list name upper case with
--                 'Mount, The' -> 'THE MOUNT' and a 'Grendon/ Spring Hill' row giving both
--                 names). So both Grendon (GNI) and Spring Hill (SPI) take 'Cat B Trainer/ Open',
--                 Usk (UKI) and Prescoed (UPI) 'Cat C Trainer/ Open', and Peterborough Female
--                 (PFI) the Peterborough row ('Local', "male and female in separate units").
--                 Closed prisons are not in the 2016 list: subtype null.
--   comparison    'prison_<subtype>': prisons are rated against prisons of the same function.
--                 Null (never compared) where the function is unknown, and for immigration
--                 removal centres, the secure training centre and 'Not in use': the published
--                 prison ratings (names in the 2015-16 dataset) do not cover them.
--   geography     null: the postcode is published (estate list, former prisons) but no
--                 postcode to local authority lookup is shipped, so no district is derived.
--   successor     null: no file says which prison replaced a closed one (Blakenhurst, Brockhill
--                 and Hewell Grange share an end-date, but the files do not name a successor).
--
-- Probation: one organisation per NPS division named in the estate list (7), typed
-- probation_region, subtype nps_division, code 'NPS_' + the division name in capitals with
-- underscores (the list gives no code), compared as probation_region; no geography or dates.

with nomis_codes as (
    select * from {{ ref('stg_noms__prison_nomis_codes') }}
    where nomis_code <> 'TRN'
),

register as (
    select
        prison_estate_code,
        count(*) as entries,
        min(prison_name) as prison_name,
        max(end_date) as end_date
    from {{ ref('stg_noms__prison_register') }}
    group by prison_estate_code
),

former as (
    select * from {{ ref('stg_noms__former_prisons') }}
),

estate_names as (
    -- one row per establishment name the list gives ('Grendon/ Spring Hill' names two)
    select
        establishment_name,
        predominant_function,
        trim(unnest(string_split(
            upper(regexp_replace(establishment_name, '^(.*), The$', 'The \1')), '/'
        ))) as name_key
    from {{ ref('stg_noms__prison_estate_list') }}
),

prisons as (
    select
        nomis_codes.nomis_code,
        coalesce(
            former.official_name,
            case when register.entries = 1 then register.prison_name end,
            nomis_codes.establishment_name
        ) as organisation_name,
        coalesce(nomis_codes.prison_estate_code, former.prison_estate_code) as registry_code,
        coalesce(
            former.end_date, case when register.entries = 1 then register.end_date end
        ) as valid_to,
        regexp_replace(
            regexp_replace(
                regexp_replace(upper(nomis_codes.nomis_name), '\s*\(.*\)$', ''),
                '^HMP ', ''
            ),
            ' (HMP/YOI|IMMIGRATION REMOVAL CENTRE|FEMALE HMP)$', ''
        ) as name_key
    from nomis_codes
    left join register on register.prison_estate_code = nomis_codes.prison_estate_code
    left join former on former.nomis_code = nomis_codes.nomis_code
),

typed_prisons as (
    select
        prisons.nomis_code as organisation_code,
        prisons.organisation_name,
        'prison' as organisation_type,
        trim(
            regexp_replace(lower(estate_names.predominant_function), '[^a-z0-9]+', '_', 'g'), '_'
        ) as organisation_subtype,
        prisons.registry_code,
        prisons.valid_to
    from prisons
    left join estate_names on estate_names.name_key = prisons.name_key
),

probation_regions as (
    select distinct
        'NPS_' || upper(regexp_replace(nps_division, '[^A-Za-z0-9]+', '_', 'g'))
            as organisation_code,
        'National Probation Service ' || nps_division || ' division' as organisation_name
    from {{ ref('stg_noms__prison_estate_list') }}
    where nps_division is not null
)

select
    organisation_code,
    organisation_name,
    organisation_type,
    organisation_subtype,
    cast(null as varchar) as geography_code,
    registry_code,
    cast(null as date) as valid_from,
    valid_to,
    cast(null as varchar) as successor_organisation_code,
    case
        when organisation_subtype is null then null
        when organisation_subtype in (
            'immigration_removal_centre', 'secure_training_centre', 'not_in_use'
        ) then null
        else 'prison_' || organisation_subtype
    end as comparison_type
from typed_prisons
union all
select
    organisation_code,
    organisation_name,
    'probation_region',
    'nps_division',
    cast(null as varchar),
    cast(null as varchar),
    cast(null as date),
    cast(null as date),
    cast(null as varchar),
    'probation_region'
from probation_regions
