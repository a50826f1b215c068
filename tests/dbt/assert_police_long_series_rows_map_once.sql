{{ config(meta={'dagster': {'ref': {'name': 'stg_ons__recorded_crime_long_series'}}}) }}

-- Every row of the long series is counted exactly once: its offence, at its date, maps to one row
-- of the offence classification (seed police_offence_classification), recorded crime or fraud.
-- A row mapped twice would be counted twice in its totals; a row mapped to nothing would be lost.
with long_series as (
    select * from {{ ref('stg_ons__recorded_crime_long_series') }}
),

classification as (
    select * from {{ ref('police_offence_classification') }}
)

select
    long_series.pfa_name,
    long_series.year_ending,
    long_series.offence_as_published,
    long_series.source_row_number,
    count(classification.offence_as_published) as classification_rows
from long_series
left join classification
    on long_series.offence_as_published = classification.offence_as_published
    and long_series.year_ending
    >= coalesce(cast(classification.first_year_ending as date), cast('1900-01-01' as date))
    and long_series.year_ending
    <= coalesce(cast(classification.last_year_ending as date), cast('2999-12-31' as date))
group by
    long_series.pfa_name,
    long_series.year_ending,
    long_series.offence_as_published,
    long_series.source_row_number
having count(classification.offence_as_published) <> 1
