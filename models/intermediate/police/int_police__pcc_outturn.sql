-- Police spending as it turned out, per English police force area and financial year, from the
-- MHCLG Revenue Outturn Summary (RS): line 601 police services, net current expenditure, GBP
-- thousand (the outturn counterpart of the RA budget's line 601 in int_police__pcc_finance).
--
-- Which authority reports each force (the RS lists police bodies as authorities; the
-- multi-purpose ones are the seed police_multi_purpose_authorities, shared with the budget):
--   * police and crime commissioners: rows whose ONS code is the PFA code (E23);
--   * Metropolitan Police (E23000001): the Greater London Authority (E5100; MOPAC);
--   * City of London Police (E23000034): the City of London (E5010);
--   * West Yorkshire (E23000010): the West Yorkshire PCC, and from 2021-22 the West Yorkshire
--     Combined Authority (E6353), whose Mayor took over the PCC's functions in May 2021;
--   * Greater Manchester (E23000005): the GM PCC/Police row (E7042) every year; the GMCA
--     (E6348) returns 0 on line 601 and is mapped so that a non-zero return would be counted.
-- A force reported by two authorities in one year (West Yorkshire 2021-22: the PCC for April to
-- May, the Combined Authority after) is the sum of their returns: each reports its own spend.
-- Welsh forces are absent: the RS covers English authorities only.

with police_services as (
    select * from {{ ref('int_local_gov__service_net_current_expenditure') }}
    where ro_line = '601'
),

multi_purpose as (
    select
        e_code,
        pfa_code,
        authority_role
    from {{ ref('police_multi_purpose_authorities') }}
),

authorities as (
    select distinct
        e_code,
        ons_code as pfa_code,
        'police_and_crime_commissioner' as authority_role
    from police_services
    where ons_code like 'E23%'
    union all
    select * from multi_purpose
)

select
    authorities.pfa_code,
    police_services.financial_year,
    police_services.period_key,
    count(*) as authorities_listed,
    count(*) filter (where police_services.net_current_expenditure_gbp_thousand <> 0)
        as authorities_reporting,
    string_agg(police_services.authority_name, '; ' order by police_services.e_code)
    filter (where police_services.net_current_expenditure_gbp_thousand <> 0)
        as reported_by,
    -- a force is 'not returned' only when no authority returned the line
    case when count(police_services.net_current_expenditure_gbp_thousand) > 0
            then sum(police_services.net_current_expenditure_gbp_thousand)
    end as police_net_current_expenditure,
    max(police_services.source_file) as source_file,
    max(police_services.source_sheet) as source_sheet,
    -- the row behind the figure when one authority returned it; null when several did
    case when count(*) filter (where police_services.net_current_expenditure_gbp_thousand <> 0) = 1
            then max(police_services.source_row_number) filter (
                    where police_services.net_current_expenditure_gbp_thousand <> 0
                )
    end as source_row_number
from police_services
inner join authorities on police_services.e_code = authorities.e_code
group by authorities.pfa_code, police_services.financial_year, police_services.period_key
