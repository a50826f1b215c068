-- One row per area or organisation x period x indicator, before statistical disclosure control
-- (int_indicators__values_disclosed applies it; fct_indicator_value publishes the result).
-- The rows are those of every model registered in `indicator_value_models` (dbt_project.yml):
-- one model per indicator family in models/core/indicator_values/, each holding the shape of
-- macros/indicator_values.sql (the data test indicator_value_shape). A value that cannot be
-- given carries a GSS status symbol (x = not available) and a reason, never a blank that reads
-- as zero. Lineage points at the published cell behind the numerator.

with unioned as (
    {{ union_indicator_values(var('indicator_value_models')) }}
)

select
    {{ dbt.hash("unioned.indicator_code || '|' || unioned.period_key || '|'
        || coalesce(unioned.organisation_code, unioned.geography_code)") }} as indicator_value_id,
    unioned.indicator_code,
    unioned.period_key,
    -- British Transport Police is a force without an area
    case when unioned.geography_code = 'BTP' then null else unioned.geography_code end
        as geography_code,
    unioned.organisation_code,
    unioned.numerator,
    unioned.denominator,
    unioned.value,
    unioned.status_symbol,
    unioned.status_reason,
    unioned.coverage,
    unioned.source_file,
    unioned.source_sheet,
    unioned.source_row_number
from unioned
