-- Value for money: each organisation's spend per head beside the outcome that spend pays for
-- (seed value_for_money_pairings), per financial year, both read against the same peer set, with
-- deprivation and population beside every row and a plain-English line. No single VfM score:
-- the position names the quadrant ('lower spend, better outcome', ...).

select
    cast(pairing_id as varchar) as pairing_id,
    cast(organisation_type as varchar) as comparison_type,
    cast(organisation_code as varchar) as organisation_code,
    cast(organisation_name as varchar) as organisation_name,
    cast(spend_peer_set_id as varchar) as peer_set_id,
    -- spend
    cast(spend_period_key as varchar) as spend_period_key,
    cast(spend_period_label as varchar) as spend_period_label,
    cast(spend_indicator_code as varchar) as spend_indicator_code,
    cast(spend_value as double) as spend_per_head,
    cast(spend_status_symbol as varchar) as spend_status_symbol,
    cast(spend_denominator as double) as population_of_spend_year,
    cast(spend_peer_median as double) as spend_peer_median,
    cast(spend_peer_count as integer) as spend_peers_compared,
    cast(spend_vs_peers as varchar) as spend_vs_peers,
    -- outcome
    cast(outcome_indicator_code as varchar) as outcome_indicator_code,
    cast(outcome_period_key as varchar) as outcome_period_key,
    cast(outcome_value as double) as outcome_value,
    cast(outcome_status_symbol as varchar) as outcome_status_symbol,
    cast(outcome_polarity as varchar) as outcome_polarity,
    cast(outcome_peer_median as double) as outcome_peer_median,
    cast(outcome_national_value as double) as outcome_national_value,
    cast(outcome_quartile_band as varchar) as outcome_quartile_band,
    cast(outcome_rank_among_peers as integer) as outcome_rank_among_peers,
    cast(outcome_vs_peers as varchar) as outcome_vs_peers,
    cast(value_for_money_position as varchar) as value_for_money_position,
    -- context
    cast(imd_2019_average_score as double) as imd_2019_average_score,
    cast(imd_2019_rank_of_type as integer) as imd_2019_rank_of_type,
    cast(organisations_of_type as integer) as organisations_of_type,
    cast(percent_aged_65_plus as double) as percent_aged_65_plus,
    cast(population_mid_2023 as double) as population_mid_2023,
    cast(why_paired as varchar) as why_paired,
    cast(summary as varchar) as summary
from {{ ref('int_value_for_money__pairings') }}
