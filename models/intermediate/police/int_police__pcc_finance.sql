-- Police spending and funding per English police force area and financial year, from the MHCLG
-- Revenue Account (RA) budget: line 601 TOTAL POLICE SERVICES (net revenue expenditure), 956
-- Police grant and 990 COUNCIL TAX REQUIREMENT, GBP thousand, as budgeted.
--
-- Which authority reports each force (the RA lists police bodies as authorities; the
-- multi-purpose ones are the seed police_multi_purpose_authorities, shared with the outturn):
--   * police and crime commissioners: rows '<force> Police and Crime Commissioner and Chief
--     Constable' whose ONS code is E23 (the PFA code); 2016-17 publishes no ONS codes, so the
--     E-code is mapped to the E23 code the same E-code carries in later years;
--   * Metropolitan Police (E23000001): the Greater London Authority (E5100; MOPAC's budget);
--   * Greater Manchester (E23000005): the Greater Manchester PCC (E7042) in 2016-17 and
--     2017-18, the Greater Manchester Combined Authority (E6348) from 2018-19, after the Mayor
--     took over the PCC's functions; both are listed in 2016-17 and 2017-18, the GMCA with 0;
--   * City of London Police (E23000034): the City of London (E5010);
--   * West Yorkshire (E23000010): its PCC every year; the Combined Authority (E6353) is listed
--     with 0 police services in every RA budget shipped.
-- The GLA, the GMCA and the City of London are multi-purpose: their council tax requirement
-- funds all their services, not policing alone, so it is not given for those forces (null, with
-- the reason). Welsh forces are absent: the RA covers English authorities only.
--
-- One row per force and year. Where more than one authority maps to a force in a year (Greater
-- Manchester 2016-17 and 2017-18, West Yorkshire every year), the rule keeps the authority that
-- budgets police services (line 601 non-zero); ties go to the dedicated police body, then the
-- lower E-code.

with ra as (
    select * from {{ ref('stg_mhclg__revenue_account_budget') }}
    where ra_line in ('601', '956', '990')
),

pcc_codes as (
    -- E-code -> PFA code, from every year that publishes ONS codes
    select
        ecode,
        max(ons_code) as pfa_code,
        count(distinct ons_code) as codes
    from ra
    where ons_code like 'E23%'
    group by ecode
),

multi_purpose as (
    select
        e_code as ecode,
        pfa_code,
        authority_role
    from {{ ref('police_multi_purpose_authorities') }}
),

authorities as (
    select
        ecode,
        pfa_code,
        'police_and_crime_commissioner' as authority_role
    from pcc_codes
    union all
    select
        ecode,
        pfa_code,
        authority_role
    from multi_purpose
),

wide as (
    select
        authorities.pfa_code,
        ra.financial_year,
        ra.period_key,
        ra.ecode,
        max(ra.authority_name) as authority_name,
        authorities.authority_role,
        max(case when ra.ra_line = '601' then ra.value_gbp_thousand end)
            as police_net_revenue_expenditure,
        max(case when ra.ra_line = '601' then ra.status_symbol end)
            as police_net_revenue_expenditure_status,
        max(case when ra.ra_line = '956' then ra.value_gbp_thousand end) as police_grant,
        max(case when ra.ra_line = '956' then ra.status_symbol end) as police_grant_status,
        max(case when ra.ra_line = '990' then ra.value_gbp_thousand end)
            as authority_council_tax_requirement,
        max(case when ra.ra_line = '990' then ra.status_symbol end)
            as council_tax_requirement_status,
        max(ra.source_file) as source_file,
        max(ra.source_sheet) as source_sheet,
        min(ra.source_row_number) as source_row_number
    from ra
    inner join authorities on ra.ecode = authorities.ecode
    group by all
),

ranked as (
    select
        *,
        count(*) over (partition by pfa_code, financial_year) as authorities_listed,
        row_number() over (
            partition by pfa_code, financial_year
            order by
                coalesce(police_net_revenue_expenditure, 0) <> 0 desc,
                authority_role = 'police_and_crime_commissioner' desc,
                ecode
        ) as authority_rank
    from wide
)

select
    pfa_code,
    financial_year,
    period_key,
    ecode,
    authority_name,
    authority_role,
    authorities_listed,
    police_net_revenue_expenditure,
    police_net_revenue_expenditure_status,
    police_grant,
    police_grant_status,
    case
        when authority_role = 'police_and_crime_commissioner'
            then authority_council_tax_requirement
    end as council_tax_requirement,
    case
        when authority_role <> 'police_and_crime_commissioner' then 'z'
        else council_tax_requirement_status
    end as council_tax_requirement_status,
    case
        when authority_role <> 'police_and_crime_commissioner'
            then 'multi-purpose authority: its council tax requirement funds all its services'
        when council_tax_requirement_status is not null then 'not returned'
    end as council_tax_requirement_reason,
    authority_council_tax_requirement,
    source_file,
    source_sheet,
    source_row_number
from ranked
where authority_rank = 1
