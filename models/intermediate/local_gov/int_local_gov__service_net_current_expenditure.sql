-- Net current expenditure by service (RS Service Expenditure block, RO lines 190..698, form
-- column 1) per authority and financial year, GBP thousand, with the authority typed so that
-- councils are compared with councils: police, fire, national park, combined and waste
-- authorities and the GLA (all class O in the RS) keep their own type and is_council = false.
-- The published TOTAL SERVICE EXPENDITURE (line 699) rides along on every row, for shares and
-- for the reconciliation test assert_revenue_outturn_services_sum_to_published_total.
with outturn as (
    select * from {{ ref('stg_mhclg__revenue_outturn') }}
    where block = 'Service Expenditure' and form_column = 1
),

published_total as (
    select
        financial_year,
        e_code,
        value_gbp_thousand as total_service_expenditure_gbp_thousand,
        status_symbol as total_status_symbol
    from outturn
    where ro_line = '699'
),

typed as (
    select
        outturn.*,
        case outturn.authority_class
            when 'SC' then 'shire_county'
            when 'SD' then 'shire_district'
            when 'UA' then 'unitary_authority'
            when 'MD' then 'metropolitan_district'
            when 'LB' then 'london_borough'
            else case
                    when outturn.ons_code like 'E23%' then 'police'
                    when outturn.ons_code like 'E31%' then 'fire_and_rescue'
                    when outturn.ons_code like 'E26%' then 'national_park'
                    when outturn.ons_code like 'E47%' then 'combined_authority'
                    when outturn.ons_code like 'E50%' then 'waste_disposal'
                    when outturn.e_code = 'E5100' then 'greater_london_authority'
                    else 'other_body'
                end
        end as authority_type
    from outturn
    where outturn.ro_line <> '699'
)

select
    -- ids
    typed.financial_year,
    typed.period_key,
    typed.e_code,
    typed.ons_code,
    typed.ro_line,
    -- dimensions
    typed.authority_name,
    typed.authority_class,
    typed.authority_type,
    typed.authority_class <> 'O' as is_council,
    typed.line_name as service_name,
    -- measures
    typed.value_gbp_thousand as net_current_expenditure_gbp_thousand,
    typed.status_symbol,
    published_total.total_service_expenditure_gbp_thousand,
    published_total.total_status_symbol,
    -- lineage
    typed.source_file,
    typed.source_sheet,
    typed.source_row_number,
    typed.sheet_column as source_column
from typed
left join published_total
    on typed.financial_year = published_total.financial_year
    and typed.e_code = published_total.e_code
