{%- set years = range(2011, 2024) | list -%}
{%- set year_columns = [] -%}
{%- set labels = {} -%}
{%- for y in years -%}
    {%- do year_columns.append('mid_' ~ y) -%}
    {%- do labels.update({'mid_' ~ y: y}) -%}
{%- endfor -%}

with source as (
    select * from {{ source('raw', 'ons_mye4_population') }}
),

long as (
    {{ unpivot('source', ['code', 'name', 'geography', '_source_file', '_sheet', '_row_number'],
               year_columns, 'mid_year', 'published_value', labels) }}
),

renamed as (
    select
        -- ids
        trim(code) as area_code,
        -- dimensions
        trim(name) as area_name,
        trim(geography) as geography_type,
        cast(mid_year as integer) as mid_year,
        -- measures: revised series after Census 2021, LAD 2023 boundaries
        cast({{ published_number('published_value') }} as bigint) as population,
        -- lineage
        _source_file as source_file,
        _sheet as source_sheet,
        _row_number as source_row_number
    from long
)

select * from renamed
