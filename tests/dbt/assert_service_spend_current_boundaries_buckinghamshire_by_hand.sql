-- Buckinghamshire (E06000060) 2019-20, environmental and regulatory services (RO line 590), on
-- today's boundaries = Buckinghamshire County Council + its four districts, read by hand from
-- rs2019_20.xls, sheet RS_LA_Data_2019-20, column M: M22 Buckinghamshire 8684, M23 Aylesbury
-- Vale 9155, M24 Chiltern 3847, M25 South Bucks 3705, M26 Wycombe 7949 (GBP thousand);
-- 8684 + 9155 + 3847 + 3705 + 7949 = 33340. The label must name the five predecessors.
select
    net_current_expenditure_gbp_thousand,
    boundary_basis,
    boundary_label,
    split_predecessor_treatment
from {{ ref('int_local_gov__service_spend_current_boundaries') }}
where geography_code = 'E06000060'
    and financial_year = '2019-20'
    and ro_line = '590'
    and (
        abs(net_current_expenditure_gbp_thousand - 33340) > 1e-9
        or boundary_basis <> 'aggregated_from_predecessors'
        or boundary_label <> 'aggregated from predecessors: '
        || 'E07000004, E07000005, E07000006, E07000007, E10000002'
        or split_predecessor_treatment <> 'none'
    )
union all
-- and the row must exist
select
    null as net_current_expenditure_gbp_thousand,
    'missing' as boundary_basis,
    null as boundary_label,
    null as split_predecessor_treatment
where not exists (
        select 1 from {{ ref('int_local_gov__service_spend_current_boundaries') }}
        where geography_code = 'E06000060' and financial_year = '2019-20' and ro_line = '590'
    )
