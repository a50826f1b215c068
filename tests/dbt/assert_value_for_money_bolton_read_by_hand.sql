-- rpt_value_for_money, Bolton (E08000001) 2018-19, adult social care beside ASC quality of life,
-- read by hand: spend = RS_LA_Data_2018-19 cell I13 (adult social care) 80,993 thousand / MYE4
-- mid-2018 population 291,594 = GBP 277.76 per resident; outcome = the Oflog ASC file row
-- '2018-19,E08000001,Bolton,...,ASC2,0.403'. Returns rows that disagree.
select *
from {{ ref('rpt_value_for_money') }}
where pairing_id = 'adult_social_care__quality_of_life'
    and organisation_code = 'E08000001'
    and spend_period_key = 'FY2018-19'
    and not (
        abs(spend_per_head - 80993000.0 / 291594) < 1e-9
        and population_of_spend_year = 291594
        and outcome_period_key = 'FY2018-19'
        and abs(outcome_value - 0.403) < 1e-12
        and outcome_polarity = 'higher_is_better'
    )
union all
-- and the row must exist (all rows are returned, so the test fails, when it does not)
select *
from {{ ref('rpt_value_for_money') }}
where not exists (
        select 1 from {{ ref('rpt_value_for_money') }} as vfm
        where vfm.pairing_id = 'adult_social_care__quality_of_life'
            and vfm.organisation_code = 'E08000001' and vfm.spend_period_key = 'FY2018-19'
    )
