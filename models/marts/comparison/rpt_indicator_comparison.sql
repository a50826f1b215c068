-- Position against peers for every organisation x period x indicator x peer set: the value, the
-- peers' median, weighted average and simple mean, the national value; national rank, percentile,
-- quartile band and distance from the median; funnel limits and outlier flag; direction of travel.
-- Each row says which methods produced it (method_note). is_latest_period marks the rows of the
-- latest period of each indicator for organisations of the comparison type (per period type: a
-- monthly and a year-ending series of one indicator each have their latest).

with positions as (
    select * from {{ ref('int_comparison__positions') }}
),

periods as (
    select * from {{ ref('dim_period') }}
),

flagged as (
    select
        positions.*,
        periods.period_end = max(periods.period_end) over (
            partition by positions.indicator_code, positions.organisation_type, periods.period_type
        ) as is_latest_period
    from positions
    inner join periods on positions.period_key = periods.period_key
)

select
    -- who, when, what
    cast(organisation_type as varchar) as comparison_type,
    cast(organisation_code as varchar) as organisation_code,
    cast(organisation_name as varchar) as organisation_name,
    cast(period_key as varchar) as period_key,
    cast(period_label as varchar) as period_label,
    cast(is_latest_period as boolean) as is_latest_period,
    cast(indicator_code as varchar) as indicator_code,
    cast(indicator_name as varchar) as indicator_name,
    cast(unit as varchar) as unit,
    cast(measure as varchar) as measure,
    cast(polarity as varchar) as polarity,
    -- the value
    cast(value as double) as value,
    cast(numerator as double) as numerator,
    cast(denominator as double) as denominator,
    cast(status_symbol as varchar) as status_symbol,
    -- against the peers
    cast(peer_set_id as varchar) as peer_set_id,
    cast(peer_set_type as varchar) as peer_set_type,
    cast(peer_count as integer) as peer_count,
    cast(peer_median as double) as peer_median,
    cast(peer_weighted_average as double) as peer_weighted_average,
    cast(peer_simple_mean as double) as peer_simple_mean,
    cast(rank_among_peers as integer) as rank_among_peers,
    cast(mads_from_peer_median as double) as mads_from_peer_median,
    -- against everyone of the same type, and the national figure
    cast(national_value as double) as national_value,
    cast(national_geography_code as varchar) as national_geography_code,
    cast(organisations_reporting as integer) as organisations_reporting,
    cast(national_rank as integer) as national_rank,
    cast(percentile_rank as double) as percentile_rank,
    cast(quartile_band as varchar) as quartile_band,
    cast(z_score as double) as z_score,
    cast(mads_from_median as double) as mads_from_median,
    -- funnel plot
    cast(funnel_method as varchar) as funnel_method,
    cast(funnel_x as double) as funnel_x,
    cast(funnel_y as double) as funnel_y,
    cast(funnel_target as double) as funnel_target,
    cast(funnel_tau2 as double) as funnel_tau2,
    cast(funnel_lower_95 as double) as funnel_lower_95,
    cast(funnel_upper_95 as double) as funnel_upper_95,
    cast(funnel_lower_998 as double) as funnel_lower_998,
    cast(funnel_upper_998 as double) as funnel_upper_998,
    cast(outlier_flag as varchar) as outlier_flag,
    cast(shrunk_estimate as double) as shrunk_estimate,
    -- over time
    cast(previous_period_key as varchar) as previous_period_key,
    cast(previous_value as double) as previous_value,
    cast(direction_vs_previous as varchar) as direction_vs_previous,
    cast(year_earlier_period_key as varchar) as year_earlier_period_key,
    cast(year_earlier_value as double) as year_earlier_value,
    cast(direction_vs_year_earlier as varchar) as direction_vs_year_earlier,
    -- how (the methods are described in docs/methods/comparisons.md and frontline_stats/compare/)
    'ranks, LAIT quartile bands and Oflog MADs over all ' || cast(organisation_type as varchar)
    || '; peer averages weighted (HMICFRS) and simple (LAIT); '
    || case
        when funnel_method = 'ratio' then 'funnel: O/E, log, overdispersion-adjusted'
        when funnel_method = 'proportion' then 'funnel: arcsine, overdispersion-adjusted'
        else 'no funnel'
    end as method_note
from flagged
