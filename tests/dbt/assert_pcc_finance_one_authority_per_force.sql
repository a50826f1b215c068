-- The deduplication rule: Greater Manchester is listed twice in 2016-17 and 2017-18 (its PCC
-- E7042 and the Combined Authority E6348 with 0 police services); the PCC is kept. From 2018-19
-- the Combined Authority reports GMP. The GLA is listed once a year in the RA budget files.
with expected as (
    select * from (
        values
        ('E23000005', '2016-17', 'E7042', 2),
        ('E23000005', '2017-18', 'E7042', 2),
        ('E23000005', '2018-19', 'E6348', 1),
        ('E23000005', '2021-22', 'E6348', 1),
        ('E23000001', '2016-17', 'E5100', 1),
        ('E23000001', '2021-22', 'E5100', 1),
        ('E23000034', '2021-22', 'E5010', 1)
    ) as t (pfa_code, financial_year, ecode, authorities_listed)
)

select
    expected.*,
    found.ecode as found_ecode,
    found.authorities_listed as found_listed
from expected
left join {{ ref('int_police__pcc_finance') }} as found
    on expected.pfa_code = found.pfa_code and expected.financial_year = found.financial_year
where found.ecode is distinct from expected.ecode
    or found.authorities_listed is distinct from expected.authorities_listed
    or found.police_net_revenue_expenditure is null
