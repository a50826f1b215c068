-- The indicator registry: what each published indicator is, how it is computed, from which
-- source, under which licence. Every value in fct_indicator_value points here.

select
    indicator_code,
    indicator_name,
    sector,
    subject_code,
    measure,
    unit,
    decimal_places,
    -- higher_is_better / lower_is_better; null where a higher value is neither better nor worse
    polarity,
    numerator_definition,
    denominator_definition,
    peer_average_method,
    method,
    source_title,
    publisher,
    licence,
    -- statistical disclosure control: cells below the threshold are suppressed (symbol), and
    -- counts rounded to the base, before anything is published
    disclosure_threshold,
    disclosure_rounding_base,
    case when disclosure_threshold is not null or disclosure_rounding_base is not null
            then coalesce(disclosure_symbol, 'c')
    end as disclosure_symbol,
    case when disclosure_threshold is not null
            then coalesce(nullif(disclosure_threshold_applies_to, ''), 'every_count')
    end as disclosure_threshold_applies_to
from {{ ref('int_indicators__definitions') }}
