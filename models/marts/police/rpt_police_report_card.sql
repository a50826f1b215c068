-- The police report card: for each force and year-ending quarter, its recorded crime rate and
-- trend (on a year earlier, and over 3 and 5 years from the whole series) against its most
-- similar forces (computed nearest neighbours) and England and Wales,
-- officers per 1,000 people and crimes per officer against the same peers, quartile bands, net
-- revenue expenditure per head and per officer (English forces), and a plain-English summary
-- chosen by thresholds on those figures. is_latest_period marks the latest quarter the card has.

with card as (
    select * from {{ ref('int_police__report_card') }}
),

peer_names as (
    select
        peers.peer_set_id,
        peers.organisation_code,
        {{ dbt.listagg('areas.geography_name', "', '", 'order by peers.peer_rank') }}
            as most_similar_forces
    from {{ ref('int_peer_groups__all') }} as peers
    inner join {{ ref('dim_geography') }} as areas on peers.peer_code = areas.geography_code
    group by peers.peer_set_id, peers.organisation_code
),

periods as (
    select * from {{ ref('dim_period') }}
)

select
    cast(card.force_code as varchar) as force_code,
    cast(card.force_area_name as varchar) as force_area_name,
    cast(card.period_key as varchar) as period_key,
    cast(card.period_label as varchar) as period_label,
    cast(
        periods.period_end = max(periods.period_end) over (partition by periods.period_type)
        as boolean
    ) as is_latest_period,
    cast(card.peer_set_id as varchar) as peer_set_id,
    cast(peer_names.most_similar_forces as varchar) as most_similar_forces,
    -- recorded crime (total excluding fraud)
    cast(card.crime_rate as double) as crime_rate_per_1000,
    cast(card.crime_rate_peer_median as double) as crime_rate_peer_median,
    cast(card.crime_rate_peer_weighted_average as double) as crime_rate_peer_weighted_average,
    cast(card.crime_rate_england_and_wales as double) as crime_rate_england_and_wales,
    cast(card.crime_rate_band as varchar) as crime_rate_band,
    cast(card.crime_rate_rank_among_peers as integer) as crime_rate_rank_among_peers,
    cast(card.peers_compared as integer) as peers_compared,
    cast(card.crime_rate_direction_on_year_earlier as varchar)
        as crime_rate_direction_on_year_earlier,
    cast(card.crime_change_percent_on_year_earlier as double)
        as crime_change_percent_on_year_earlier,
    -- the long view: the same quarter 3 and 5 years before, from the whole series
    cast(card.crime_rate_3_years_earlier as double) as crime_rate_3_years_earlier,
    cast(card.crime_rate_direction_over_3_years as varchar) as crime_rate_direction_over_3_years,
    cast(card.crime_rate_5_years_earlier as double) as crime_rate_5_years_earlier,
    cast(card.crime_rate_direction_over_5_years as varchar) as crime_rate_direction_over_5_years,
    -- officers (as at the latest 31 March on or before the period end)
    cast(card.officers_period_key as varchar) as officers_period_key,
    cast(card.officers_value as double) as officers_per_1000,
    cast(card.officers_peer_median as double) as officers_per_1000_peer_median,
    cast(card.officers_quartile_band as varchar) as officers_per_1000_band,
    -- workload (the latest year ending March on or before the period end)
    cast(card.per_officer_period_key as varchar) as crimes_per_officer_period_key,
    cast(card.per_officer_value as double) as crimes_per_officer,
    cast(card.per_officer_peer_median as double) as crimes_per_officer_peer_median,
    cast(card.per_officer_quartile_band as varchar) as crimes_per_officer_band,
    -- money (the latest MHCLG revenue account budget year ending on or before the period end;
    -- English forces only: Welsh forces are not in the RA)
    cast(card.spend_per_head_period_key as varchar) as spend_period_key,
    cast(card.spend_per_head_value as double) as net_revenue_expenditure_per_head,
    cast(card.spend_per_head_peer_median as double) as net_revenue_expenditure_per_head_peer_median,
    cast(card.spend_per_officer_value as double) as net_revenue_expenditure_per_officer,
    cast(card.spend_per_officer_peer_median as double)
        as net_revenue_expenditure_per_officer_peer_median,
    cast(card.summary as varchar) as summary
from card
inner join periods on card.period_key = periods.period_key
left join peer_names
    on card.peer_set_id = peer_names.peer_set_id
    and card.force_code = peer_names.organisation_code
