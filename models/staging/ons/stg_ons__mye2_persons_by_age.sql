{#- MYE2 - Persons: one column per single year of age ('0' .. '89'; '90' is published as '90+'). -#}
{%- set age_columns = [] -%}
{%- set labels = {} -%}
{%- for age in range(91) -%}
    {%- do age_columns.append('"' ~ age ~ '"') -%}
    {%- do labels.update({'"' ~ age ~ '"': age}) -%}
{%- endfor -%}

with source as (
    select * from {{ source('raw', 'ons_mye2_persons_by_age') }}
),

long as (
    {{ unpivot('source', ['code', 'name', 'geography', 'all_ages', '_source_file', '_sheet',
                          '_row_number'],
               age_columns, 'age', 'published_value', labels) }}
),

renamed as (
    select
        -- ids
        trim(code) as area_code,
        cast(age as integer) as age,
        -- dimensions
        trim(name) as area_name,
        trim(geography) as geography_type,
        2023 as mid_year,
        age = 90 as is_open_ended_age,
        -- measures: persons, mid-2023, LAD 2023 boundaries
        cast({{ published_number('published_value') }} as bigint) as population,
        cast({{ published_number('all_ages') }} as bigint) as population_all_ages,
        -- lineage
        _source_file as source_file,
        _sheet as source_sheet,
        _row_number as source_row_number
    from long
)

select * from renamed
