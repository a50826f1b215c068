-- Fraud offences in the ONS police force area long series, kept apart from recorded crime
-- (excluding fraud) and out of every force comparison: fraud recorded by each police force (to
-- the year ending December 2013, when Action Fraud had taken over recording fraud for every
-- force) and fraud reported by Action Fraud, CIFAS and UK Finance (from the year ending June
-- 2011), which have no area. Counts as revised at the year ending December 2018 release.

with fraud as (
    select * from {{ ref('int_police__recorded_fraud') }}
),

periods as (
    select
        period_key,
        period_label,
        period_end
    from {{ ref('dim_period') }}
    where period_type = 'year_ending'
)

select
    periods.period_key,
    periods.period_label,
    fraud.year_ending,
    fraud.reporting_body_code,
    fraud.reporting_body_name,
    fraud.reporting_body_type,
    fraud.recorded_fraud_offences,
    fraud.what_is_counted,
    fraud.source_file,
    fraud.source_row_number
from fraud
inner join periods on fraud.year_ending = periods.period_end
