-- One row per area or organisation x period x indicator: the spine every comparison reads, as
-- published: after statistical disclosure control (int_indicators__values_disclosed). A value
-- that cannot be given carries a GSS status symbol and a reason, never a blank that reads as
-- zero. Lineage points at the published cell behind the numerator.

select
    cast(indicator_value_id as varchar) as indicator_value_id,
    cast(indicator_code as varchar) as indicator_code,
    cast(period_key as varchar) as period_key,
    cast(geography_code as varchar) as geography_code,
    cast(organisation_code as varchar) as organisation_code,
    cast(numerator as double) as numerator,
    cast(denominator as double) as denominator,
    cast(value as double) as value,
    cast(status_symbol as varchar) as status_symbol,
    cast(status_reason as varchar) as status_reason,
    cast(coverage as varchar) as coverage,
    cast(source_file as varchar) as source_file,
    cast(source_sheet as varchar) as source_sheet,
    cast(source_row_number as integer) as source_row_number
from {{ ref('int_indicators__values_disclosed') }}
