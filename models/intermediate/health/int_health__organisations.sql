-- NHS trusts and every other provider in NHS England's A&E files, in dim_organisation's columns.
--
-- NHS trusts: every trust in the ODS etr snapshot (open and closed, England and Wales), typed
-- nhs_trust and compared as nhs_trust. Subtype from the name: ambulance_trust /
-- ambulance_foundation_trust when it names an ambulance service, foundation_trust for an
-- 'NHS FOUNDATION TRUST', otherwise trust. geography_code = the GSS code of the trust's ICB (ODS
-- high level health geography, matched to ONS ICB24CDH); Welsh trusts (GOR W) get Wales. Dates:
-- ODS open and close dates. Successor: null. The etr file has no successor column; ODS publishes
-- successions in a separate file (succ) that is not shipped, so none is given, none is guessed.
--
-- Other A&E providers (codes in the A&E files that are not in etr), typed by ODS code pattern,
-- in this order, with comparison_type null (kept, never compared with trusts):
--   nhs_trust                    name contains 'NHS TRUST' or 'NHS FOUNDATION TRUST' (a trust
--                                missing from the etr snapshot; none in the shipped files), and
--                                compared as nhs_trust;
--   gp_practice                  a letter other than Y then five digits (the ODS GP practice
--                                code, e.g. C82009); Y + five digits are ODS 'other prescribing
--                                cost centres' (walk-in centres, out of hours) and fall below;
--   other_provider               the new ODS code style letter-digit-letter-digit-letter (e.g.
--                                G0Q0L), which says nothing about the kind of organisation;
--   independent_sector_provider  three characters starting N or A (the ranges ODS gives
--                                independent sector healthcare providers, e.g. NL7, AAH), or one
--                                of their sites (those three plus two, e.g. NNF09, ACH01);
--   other_provider               anything else (Y-codes, digit-led codes such as 8J094, ...).
-- Their subtype is the kind of service their published name says, where it says one
-- (walk_in_centre, urgent_treatment_centre, minor_injuries_unit), else null; geography_code is
-- the NHS England region (E40) named in the A&E file's Parent Org; dates are not published.

with trusts as (
    select * from {{ ref('stg_nhs_ods__trusts') }}
),

icbs as (
    select * from {{ ref('stg_ons__icb_names') }}
),

nhs_regions as (
    select distinct
        nhs_region_code,
        upper(nhs_region_name) as nhs_region_name_upper
    from {{ ref('stg_ons__sub_icb_icb_nhser_lookup') }}
),

ae_providers as (
    -- each provider in the A&E files, with the name and region of its latest month
    select
        organisation_code,
        organisation_name,
        nhs_region_name_upper
    from {{ ref('int_health__ae_provider_months') }}
    qualify row_number() over (partition by organisation_code order by month_start desc) = 1
),

trust_rows as (
    select
        trusts.organisation_code,
        trusts.organisation_name,
        'nhs_trust' as organisation_type,
        case
            when trusts.organisation_name like '%AMBULANCE%'
                and trusts.organisation_name like '%NHS FOUNDATION TRUST%'
                then 'ambulance_foundation_trust'
            when trusts.organisation_name like '%AMBULANCE%' then 'ambulance_trust'
            when trusts.organisation_name like '%NHS FOUNDATION TRUST%' then 'foundation_trust'
            else 'trust'
        end as organisation_subtype,
        coalesce(icbs.icb_code, case when trusts.gor_code = 'W' then 'W92000004' end)
            as geography_code,
        trusts.open_date as valid_from,
        trusts.close_date as valid_to
    from trusts
    left join icbs on trusts.icb_ods_code = icbs.icb_ods_code
),

other_providers as (
    select
        ae_providers.organisation_code,
        ae_providers.organisation_name,
        case
            when ae_providers.organisation_name like '%NHS TRUST%'
                or ae_providers.organisation_name like '%NHS FOUNDATION TRUST%'
                then 'nhs_trust'
            when regexp_matches(ae_providers.organisation_code, '^[A-XZ][0-9]{5}$')
                then 'gp_practice'
            when regexp_matches(ae_providers.organisation_code, '^[A-Z][0-9][A-Z][0-9][A-Z]$')
                then 'other_provider'
            when regexp_matches(ae_providers.organisation_code, '^[NA][A-Z0-9]{2}([A-Z0-9]{2})?$')
                then 'independent_sector_provider'
            else 'other_provider'
        end as organisation_type,
        case
            when regexp_matches(ae_providers.organisation_name, 'WALK[ -]?IN|\bWIC\b')
                then 'walk_in_centre'
            when regexp_matches(
                    ae_providers.organisation_name,
                    '\bUTC\b|\bUCC\b|URGENT CARE|URGENT TREATMENT'
                )
                then 'urgent_treatment_centre'
            when regexp_matches(ae_providers.organisation_name, '\bMIU\b|MINOR INJUR|MINOR EMERG')
                then 'minor_injuries_unit'
        end as service_kind,
        nhs_regions.nhs_region_code as geography_code
    from ae_providers
    left join nhs_regions
        on ae_providers.nhs_region_name_upper = nhs_regions.nhs_region_name_upper
    where ae_providers.organisation_code not in (select trusts.organisation_code from trusts)
),

organisations as (
    select
        organisation_code,
        organisation_name,
        organisation_type,
        organisation_subtype,
        geography_code,
        valid_from,
        valid_to
    from trust_rows
    union all
    select
        organisation_code,
        organisation_name,
        organisation_type,
        case
            when organisation_type = 'nhs_trust' and organisation_name like '%FOUNDATION TRUST%'
                then 'foundation_trust'
            when organisation_type = 'nhs_trust' then 'trust'
            else service_kind
        end as organisation_subtype,
        geography_code,
        cast(null as date) as valid_from,
        cast(null as date) as valid_to
    from other_providers
)

select
    organisation_code,
    organisation_name,
    organisation_type,
    organisation_subtype,
    geography_code,
    cast(null as varchar) as registry_code,
    valid_from,
    valid_to,
    cast(null as varchar) as successor_organisation_code,
    case when organisation_type = 'nhs_trust' then 'nhs_trust' end as comparison_type
from organisations
