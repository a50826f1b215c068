{{ config(meta={'dagster': {'ref': {'name': 'rpt_police_report_card'}}}) }}

-- The report card's money is the budget year ending on or before the card's period end (31 March
-- 2019 for the years ending March to December 2019 -> FY2018-19), and its value is the registry's
-- value for that force and year. Returns cards that disagree.
with cards as (
    select
        card.force_code,
        card.period_key,
        card.spend_period_key,
        card.net_revenue_expenditure_per_head,
        periods.period_end
    from {{ ref('rpt_police_report_card') }} as card
    inner join {{ ref('dim_period') }} as periods on card.period_key = periods.period_key
),

expected as (
    select
        cards.force_code,
        cards.period_key,
        max(budget_years.period_key) as spend_period_key
    from cards
    inner join {{ ref('fct_indicator_value') }} as spend
        on spend.indicator_code = 'police_net_revenue_expenditure_per_head'
        and cards.force_code = spend.organisation_code
    inner join {{ ref('dim_period') }} as budget_years
        on spend.period_key = budget_years.period_key
        and cards.period_end >= budget_years.period_end
    group by all
)

select
    cards.*,
    expected.spend_period_key as expected_period_key,
    spend.value as registry_value
from cards
left join expected using (force_code, period_key)
left join {{ ref('fct_indicator_value') }} as spend
    on spend.indicator_code = 'police_net_revenue_expenditure_per_head'
    and cards.force_code = spend.organisation_code
    and expected.spend_period_key = spend.period_key
where cards.spend_period_key is distinct from expected.spend_period_key
    or cards.net_revenue_expenditure_per_head is distinct from spend.value
