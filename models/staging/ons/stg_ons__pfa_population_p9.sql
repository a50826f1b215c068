{%- set years = range(2002, 2017) | list -%}
{%- set year_columns = [] -%}
{%- set labels = {} -%}
{%- for y in years -%}
    {%- do year_columns.append('mid_' ~ y) -%}
    {%- do labels.update({'mid_' ~ y: y}) -%}
{%- endfor -%}

with source as (
    select * from {{ source('raw', 'ons_pfa_p9_population') }}
),

long as (
    {{ unpivot('source', ['area_code', 'area_name', '_source_file', '_sheet', '_row_number'],
               year_columns, 'mid_year', 'published_value', labels) }}
),

renamed as (
    select
        -- ids
        trim(area_code) as area_code,
        -- dimensions
        {{ strip_footnote_markers('area_name') }} as area_name,
        cast(mid_year as integer) as mid_year,
        -- measures: PFA estimates as first published, rounded to the nearest 100
        cast({{ published_number('published_value') }} as bigint) as population,
        -- lineage
        _source_file as source_file,
        _sheet as source_sheet,
        _row_number as source_row_number
    from long
)

select * from renamed
