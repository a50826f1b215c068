-- Oflog adult social care metrics as indicator values, one per council, measure and year, as
-- Oflog publishes them (value only: Oflog's download gives no numerator or denominator). A
-- council is its own organisation.

with adult_social_care as (
    select * from {{ ref('stg_oflog__adult_social_care_metrics') }}
),

adult_social_care_values as (
    select
        'oflog_asc__' || lower(measure_code) as indicator_code,
        period_key,
        local_authority_code as geography_code,
        cast(null as double) as numerator,
        cast(null as double) as denominator,
        cast(value as double) as value,
        status_symbol,
        case when status_symbol is not null then 'not published by Oflog for this year' end
            as status_reason,
        'complete' as coverage,
        source_file,
        cast(null as varchar) as source_sheet,
        cast(source_row_number as integer) as source_row_number
    from adult_social_care
)

{{ with_area_organisations('adult_social_care_values') }}
