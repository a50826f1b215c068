-- Best performers mentor the poorest: every organisation in the bottom quartile band of an
-- indicator paired with its nearest top-band peer (peer set per type: seed mentoring_peer_sets),
-- with the peer and geographic distances and the values that justify the pair. A mentee without
-- a top-band peer keeps its row, mentor empty, with the reason (int_levers__mentoring_pairs).
-- is_latest_period: the indicator's latest period for the comparison type (as in
-- rpt_indicator_comparison, per period type).

with pairs as (
    select * from {{ ref('int_levers__mentoring_pairs') }}
),

flagged as (
    select
        pairs.*,
        periods.period_end = max(periods.period_end) over (
            partition by pairs.indicator_code, pairs.organisation_type, periods.period_type
        ) as is_latest_period
    from pairs
    inner join {{ ref('dim_period') }} as periods on pairs.period_key = periods.period_key
)

select
    -- what, when, which peers
    cast(organisation_type as varchar) as comparison_type,
    cast(indicator_code as varchar) as indicator_code,
    cast(period_key as varchar) as period_key,
    cast(is_latest_period as boolean) as is_latest_period,
    cast(polarity as varchar) as polarity,
    cast(peer_set_id as varchar) as peer_set_id,
    -- the mentee
    cast(mentee_code as varchar) as mentee_code,
    cast(mentee_name as varchar) as mentee_name,
    cast(mentee_value as double) as mentee_value,
    cast(mentee_band as varchar) as mentee_band,
    cast(mentee_national_rank as integer) as mentee_national_rank,
    -- the mentor
    cast(mentor_code as varchar) as mentor_code,
    cast(mentor_name as varchar) as mentor_name,
    cast(mentor_value as double) as mentor_value,
    cast(mentor_band as varchar) as mentor_band,
    cast(mentor_national_rank as integer) as mentor_national_rank,
    -- how near
    cast(top_band_peers as integer) as top_band_peers,
    cast(peer_distance as double) as peer_distance,
    cast(peer_rank as integer) as peer_rank,
    cast(geographic_distance_km as double) as geographic_distance_km,
    cast(max_distance_km as double) as max_distance_km,
    cast(within_max_distance as boolean) as within_max_distance,
    cast(mentee_centroid_basis as varchar) as mentee_centroid_basis,
    cast(mentor_centroid_basis as varchar) as mentor_centroid_basis,
    -- context
    cast(national_value as double) as national_value,
    cast(reason as varchar) as reason
from flagged
