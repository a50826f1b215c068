-- Fraud in the ONS long series, kept apart from recorded crime: fraud is outside total recorded
-- crime (excluding fraud) and outside every force comparison. Two kinds of row: fraud recorded by
-- each police force (published to the year ending December 2013, when Action Fraud had taken
-- over recording fraud for every force) and fraud reported by the three national reporting
-- bodies (Action Fraud, CIFAS, UK Finance; from the year ending June 2011), which have no area.

with long_series as (
    select * from {{ ref('stg_ons__recorded_crime_long_series') }}
),

classification as (
    select
        offence_as_published,
        note
    from {{ ref('police_offence_classification') }}
    where scope = 'fraud'
),

force_codes as (
    select * from {{ ref('int_police__force_names') }}
)

select
    case
        when long_series.row_type = 'fraud_reporting_body'
            then lower(replace(long_series.pfa_name, ' ', '_'))
        else force_codes.force_code
    end as reporting_body_code,
    long_series.pfa_name as reporting_body_name,
    long_series.row_type as reporting_body_type,
    long_series.year_ending,
    long_series.offence_as_published,
    long_series.recorded_crimes as recorded_fraud_offences,
    classification.note as what_is_counted,
    long_series.source_file,
    long_series.source_row_number
from long_series
inner join classification
    on long_series.offence_as_published = classification.offence_as_published
left join force_codes
    on long_series.row_type <> 'fraud_reporting_body'
    and long_series.pfa_name = force_codes.force_name
