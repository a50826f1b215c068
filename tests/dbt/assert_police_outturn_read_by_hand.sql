-- Police spending from the RS outturn, read by hand:
--   Surrey (E23000031) 2018-19: RS_LA_Data_2018-19 row 41 (E7036, Surrey Police and Crime
--   Commissioner and Chief Constable), column O (line 601 Police services) = 213,870 thousand;
--   West Yorkshire (E23000010) 2021-22: the PCC's 540,489 plus the West Yorkshire Combined
--   Authority's 14,791 (the Mayor took over in May 2021) = 555,280 thousand.
-- Returns rows that disagree, or a missing row.
with expected as (
    select * from (
        values
        ('E23000031', '2018-19', 213870.0, 1),
        ('E23000010', '2021-22', 555280.0, 2)
    ) as t (pfa_code, financial_year, spend, authorities_reporting)
)

select
    expected.*,
    outturn.police_net_current_expenditure,
    outturn.authorities_reporting
from expected
left join {{ ref('int_police__pcc_outturn') }} as outturn
    on expected.pfa_code = outturn.pfa_code
    and expected.financial_year = outturn.financial_year
where outturn.police_net_current_expenditure is distinct from expected.spend
    or outturn.authorities_reporting is distinct from expected.authorities_reporting
