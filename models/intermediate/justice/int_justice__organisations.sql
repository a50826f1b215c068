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
--   geography     the LAD23 district whose name (int_geography__district_place_names:
--                 'Bristol, City of' and 'County Durham' also as 'Bristol' and 'Durham')
--                 equals one part of the prison's published address (estate list 'address',
--                 else the former-prisons address-text; parts split at ',' or '|'). Where
--                 several parts match, the first (most specific) wins: a district before a
--                 county-wide unitary named later. A Welsh district (W06) only for a Welsh
--                 postcode area (CF, LD, LL, NP, SA, SY) and an English one only for other
--                 postcodes, so 'Newport, Isle of Wight' is not Newport in Wales. It is the
--                 post town's district, not a boundary test (Ashfield, 'Pucklechurch,
--                 Bristol', is in South Gloucestershire): location_basis says so. No part
--                 matching: null ('London' is no district).
--   successor     no file names one, so it is read from the site: a closed prison was merged
--                 into the one open prison that has its full postcode (Wolds -> Humber), or
--                 whose postcode sector (outward code and first inward digit: 'B97 6') it
--                 shares with other closed prisons (Blakenhurst, Brockhill and Hewell Grange ->
--                 Hewell; Albany, Camp Hill and Parkhurst -> Isle of Wight; Acklington and
--                 Castington -> Northumberland). A lone closed prison merely near an open one
--                 is not linked (Ashwell, closed, is next to Stocken; Edmunds Hill, which did
--                 become part of Highpoint, is missed by the same rule). Otherwise null.
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
        address,
        postcode,
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
        former.address as former_address,
        former.postcode as former_postcode,
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
    left join register on nomis_codes.prison_estate_code = register.prison_estate_code
    left join former on nomis_codes.nomis_code = former.nomis_code
),

typed_prisons as (
    select
        prisons.nomis_code as organisation_code,
        prisons.organisation_name,
        'prison' as organisation_type,
        {{ prison_function_code('estate_names.predominant_function') }} as organisation_subtype,
        prisons.registry_code,
        prisons.valid_to,
        coalesce(estate_names.address, prisons.former_address) as address,
        coalesce(estate_names.postcode, prisons.former_postcode) as postcode
    from prisons
    left join estate_names on prisons.name_key = estate_names.name_key
),

districts as (
    select
        lad_code as area_code,
        lower(place_name) as name_key
    from {{ ref('int_geography__district_place_names') }}
),

address_parts as (
    select
        typed_prisons.organisation_code,
        typed_prisons.postcode,
        lower(trim(parts.part)) as part,
        parts.position
    from typed_prisons,
        unnest(string_split_regex(typed_prisons.address, '[,|]')) with ordinality
            as parts (part, position)
    where typed_prisons.address is not null
),

located as (
    select
        address_parts.organisation_code,
        districts.area_code as geography_code,
        row_number() over (
            partition by address_parts.organisation_code order by address_parts.position
        ) as preference
    from address_parts
    inner join districts on address_parts.part = districts.name_key
    where (districts.area_code like 'W%') = coalesce(
            regexp_extract(upper(address_parts.postcode), '^[A-Z]+')
            in ('CF', 'LD', 'LL', 'NP', 'SA', 'SY'),
            false
        )
),

sectors as (
    select
        organisation_code,
        valid_to,
        upper(replace(postcode, ' ', '')) as postcode_key,
        upper(regexp_extract(trim(postcode), '^([A-Za-z0-9]+)\s+([0-9])', 1)) || ' '
        || regexp_extract(trim(postcode), '^([A-Za-z0-9]+)\s+([0-9])', 2) as sector
    from typed_prisons
    where postcode is not null
),

open_by_sector as (
    select
        sector,
        min(organisation_code) as organisation_code,
        min(postcode_key) as postcode_key
    from sectors
    where valid_to is null
    group by sector
    having count(*) = 1
),

closed_sites as (
    select
        *,
        count(*) over (partition by sector) as closed_in_sector
    from sectors
    where valid_to is not null
),

successors as (
    select
        closed_sites.organisation_code,
        open_by_sector.organisation_code as successor_code
    from closed_sites
    inner join open_by_sector on closed_sites.sector = open_by_sector.sector
    where closed_sites.closed_in_sector >= 2
        or closed_sites.postcode_key = open_by_sector.postcode_key
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
    typed_prisons.organisation_code,
    typed_prisons.organisation_name,
    typed_prisons.organisation_type,
    typed_prisons.organisation_subtype,
    located.geography_code,
    typed_prisons.registry_code,
    cast(null as date) as valid_from,
    typed_prisons.valid_to,
    successors.successor_code as successor_organisation_code,
    case
        when typed_prisons.organisation_subtype is null then null
        when typed_prisons.organisation_subtype in (
                'immigration_removal_centre', 'secure_training_centre', 'not_in_use'
            ) then null
        else 'prison_' || typed_prisons.organisation_subtype
    end as comparison_type,
    case
        when located.geography_code is not null
            then 'address place name matched to LAD23 name'
        when typed_prisons.address is null then 'no published address'
        else 'no address part is a LAD23 name'
    end as location_basis
from typed_prisons
left join located
    on typed_prisons.organisation_code = located.organisation_code and located.preference = 1
left join successors on typed_prisons.organisation_code = successors.organisation_code
union all
select
    organisation_code,
    organisation_name,
    'probation_region' as organisation_type,
    'nps_division' as organisation_subtype,
    cast(null as varchar) as geography_code,
    cast(null as varchar) as registry_code,
    cast(null as date) as valid_from,
    cast(null as date) as valid_to,
    cast(null as varchar) as successor_organisation_code,
    'probation_region' as comparison_type,
    'an NPS division is not one area here (no division to area lookup is shipped)' as location_basis
from probation_regions
