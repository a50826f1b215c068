-- data.police.uk street-level crime per force and crime type: the month's count and the
-- rolling 12-month total, with explicit coverage (a month not loaded is missing, not zero).

select
    rolling.force_code,
    forces.falls_within as force_name,
    rolling.crime_type,
    rolling.month_period_key,
    rolling.year_ending_period_key,
    rolling.month_start,
    rolling.is_loaded as month_is_loaded,
    rolling.crimes as crimes_in_month,
    rolling.rolling_12_month_crimes,
    rolling.months_loaded_in_window,
    rolling.rolling_12_month_coverage
from {{ ref('int_police_uk__rolling_12_months') }} as rolling
left join {{ ref('police_uk_forces') }} as forces on rolling.force_code = forces.force_code
