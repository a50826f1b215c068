-- DfE Local Authority Interactive Tool measures as registry entries, from LAIT's data dictionary:
-- name, unit (the y-axis label), decimal places (LAIT shows 1 where the dictionary gives none)
-- and polarity (High = higher is better, Low = lower is better, '-' / NA = none). A measure code
-- listed under two topics takes its first dictionary row. Only measures with at least one value
-- in the data set, and only those in lait_published_measures() (var dfe_lait_measures).

with dictionary as (
    select * from {{ ref('stg_dfe__lait_measures') }}
    where {{ lait_is_published_measure('measure_code') }}
),

topics as (
    select
        measure_code,
        string_agg(distinct topic, ' / ' order by topic) as topics
    from dictionary
    group by measure_code
),

measures as (
    select *
    from dictionary
    qualify row_number() over (partition by measure_code order by source_row_number) = 1
),

with_values as (
    select distinct measure_code
    from {{ ref('stg_dfe__lait_values') }}
    where value is not null
)

select
    measures.indicator_code,
    measures.measure_name as indicator_name,
    measures.measure_code as subject_code,
    'education' as sector,
    'published_value' as measure,
    measures.unit,
    cast(coalesce(measures.decimal_places, 1) as integer) as decimal_places,
    measures.polarity,
    'Published by DfE in LAIT: ' || measures.chart_title as numerator_definition,
    cast(null as varchar) as denominator_definition,
    'simple' as peer_average_method,
    'Value as published in the DfE Local Authority Interactive Tool (LAIT), measure '
    || measures.measure_code || ' (' || topics.topics || '; ' || measures.year_type
    || '; data owner ' || measures.data_owner || '). No numerator or denominator is '
    || 'published, so peer averages are simple means (LAIT averages statistical neighbours '
    || 'the same way) and no funnel limits are drawn. Quartile bands as LAIT computes them '
    || '(R/fn_analysis.R calculate_quartile_band): quartiles of all LAs reporting the period '
    || '(R quantile type 7), A = best quarter by LAIT''s polarity '
    || coalesce('(' || measures.polarity_as_published || ')', '(none: no band)') || '.'
    || case when measures.lait_hides_quartile_band
            then ' LAIT itself hides the band for this measure (No_Quartile = N).'
        else ''
    end
    || case when measures.is_discontinued
            then ' LAIT lists the measure as discontinued.'
        else ''
    end
        as method,
    'DfE Local Authority Interactive Tool (LAIT): data set and data dictionary' as source_title,
    'Department for Education (Local Authority Interactive Tool, LAIT)' as publisher,
    'Open Government Licence v3.0' as licence,
    -- DfE publishes these LA figures already rounded and suppressed: no disclosure rule here
    cast(null as integer) as disclosure_threshold,
    cast(null as integer) as disclosure_rounding_base,
    cast(null as varchar) as disclosure_symbol,
    cast(null as varchar) as disclosure_threshold_applies_to
from measures
inner join topics on measures.measure_code = topics.measure_code
inner join with_values on measures.measure_code = with_values.measure_code
