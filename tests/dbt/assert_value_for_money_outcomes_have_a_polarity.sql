{{ config(meta={'dagster': {'ref': {'name': 'value_for_money_pairings'}}}) }}

-- Every outcome in value_for_money_pairings must say which way is better, or 'better' and
-- 'worse' mean nothing (int_value_for_money__pairings would stop on it). Names the pairing.
select
    pairings.pairing_id,
    pairings.outcome_indicator_code,
    indicators.polarity
from {{ ref('value_for_money_pairings') }} as pairings
left join {{ ref('dim_indicator') }} as indicators
    on pairings.outcome_indicator_code = indicators.indicator_code
where indicators.polarity is null
