-- Surrey PCC 2021-22, RA_LA_Data_2021-22 row 419: EI 259572 (601), GR -114335 (956), GV 143341
-- (990); every English force (39, Welsh absent) in every year.
with surrey as (
    select count(*) as matching
    from {{ ref('int_police__pcc_finance') }}
    where pfa_code = 'E23000031' and financial_year = '2021-22'
        and ecode = 'E7036'
        and police_net_revenue_expenditure = 259572
        and police_grant = -114335
        and council_tax_requirement = 143341
        and source_row_number = 419
),

per_year as (
    select
        financial_year,
        count(*) as forces,
        count(*) filter (where pfa_code not like 'E23%') as other
    from {{ ref('int_police__pcc_finance') }}
    group by financial_year
)

select 'surrey 2021-22 not as published' as failure from surrey
where matching <> 1
union all
select 'year ' || financial_year || ' has ' || forces || ' forces'
from per_year
where forces <> 39 or other > 0
union all
select 'expected 6 years, found ' || count(*) from per_year
having count(*) <> 6
