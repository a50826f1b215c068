-- Oflog adult social care metrics as registry entries: name from the published measure, polarity
-- from Oflog's own rank_order (desc = higher is better; 'None' = no polarity), so the registry
-- follows the publisher rather than a judgement made here.

with metrics as (
    select * from {{ ref('stg_oflog__adult_social_care_metrics') }}
),

per_measure as (
    select
        measure_code,
        max(measure_name) as measure_name,
        max(polarity) as polarity,
        count(distinct polarity) as polarities
    from metrics
    group by measure_code
)

select
    'oflog_asc__' || lower(measure_code) as indicator_code,
    'Adult social care: ' || replace(measure_name, 'Outcome, ', '') as indicator_name,
    'local_government' as sector,
    lower(measure_code) as subject_code,
    'published_value' as measure,
    'as published by Oflog' as unit,
    cast(1 as integer) as decimal_places,
    polarity,
    'Published by Oflog: ' || measure_name as numerator_definition,
    cast(null as varchar) as denominator_definition,
    'simple' as peer_average_method,
    'Value as published in the Oflog Local Authority Data Explorer (adult social care, '
    || measure_code || '); no numerator or denominator is published, so peer averages are '
    || 'simple means and no funnel limits are drawn. Polarity from Oflog''s rank_order.'
        as method,
    'Oflog, Local Authority Data Explorer: adult social care metrics 2015-16 to 2022-23'
        as source_title,
    'Office for Local Government (Oflog), DLUHC' as publisher,
    'Open Government Licence v3.0' as licence,
    -- Oflog publishes council-level rates; it applies no disclosure rule
    cast(null as integer) as disclosure_threshold,
    cast(null as integer) as disclosure_rounding_base,
    cast(null as varchar) as disclosure_symbol,
    cast(null as varchar) as disclosure_threshold_applies_to
from per_measure
