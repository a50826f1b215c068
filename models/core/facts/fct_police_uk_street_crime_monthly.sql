-- data.police.uk street-level crime counted per force, LSOA, crime type and month.
-- Records with no location have no LSOA (null), as published.

select
    force_code,
    falls_within as force_name,
    'M' || substring(cast(month_start as varchar), 1, 7) as period_key,
    month_start,
    lsoa_code,
    lsoa_name,
    crime_type,
    is_recorded_crime,
    crimes,
    source_file
from {{ ref('int_police_uk__monthly_counts') }}
