{{ config(meta={'dagster': {'ref': {'name': 'rpt_mentoring_pairs'}}}) }}

-- One real pair checked by hand. Recorded crime (excluding fraud) per 1,000, year ending December
-- 2019: quartiles of the 42 forces (R type 7) 72.618, 81.435, 98.008, lower is better, so
-- Humberside (108.419) is band D and Derbyshire (72.611) just inside band A. Of Humberside's
-- seven nearest neighbours (k7) only Derbyshire (rank 4, distance 0.094872) and Staffordshire
-- (rank 5, 0.097957) are in band A: Derbyshire is nearer. Centroids from
-- data/geography/ons_lad23_names_centroids_uk.csv: Humberside = mean of E06000010-13
-- (505303.25, 422701.25), Derbyshire = mean of E06000015 and E07000032-39
-- (433688.67, 355654.44): 98.102 km apart.
select *
from {{ ref('rpt_mentoring_pairs') }}
where peer_set_id = 'nearest_neighbours:police_force_area:k7'
    and indicator_code = 'police_crime_rate__total_recorded_crime_excluding_fraud'
    and period_key = 'YE2019-12'
    and mentee_code = 'E23000012'
    and not (
        mentor_code = 'E23000018'
        and top_band_peers = 2
        and peer_rank = 4
        and abs(peer_distance - 0.094872) < 1e-6
        and abs(geographic_distance_km - 98.102) < 0.001
        and abs(mentee_value - 108.4185) < 0.001
        and abs(mentor_value - 72.6110) < 0.001
        and mentor_centroid_basis = 'mean of 9 district centroids in police force area E23000018'
    )
union all
-- the pair must be there at all
select *
from {{ ref('rpt_mentoring_pairs') }}
where 0 = (
        select count(*) from {{ ref('rpt_mentoring_pairs') }} as pairs
        where pairs.peer_set_id = 'nearest_neighbours:police_force_area:k7'
            and pairs.indicator_code = 'police_crime_rate__total_recorded_crime_excluding_fraud'
            and pairs.period_key = 'YE2019-12'
            and pairs.mentee_code = 'E23000012'
    )
