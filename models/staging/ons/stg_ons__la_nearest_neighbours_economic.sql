{#- ONS statistical nearest neighbours: wide AREACD, 1 .. 20 -> one row per area and rank.
    Combined authorities (E47) have 5 neighbours and 15 empty cells: those rows are dropped. -#}
{%- set rank_columns = [] -%}
{%- set labels = {} -%}
{%- for rank in range(1, 21) -%}
    {%- do rank_columns.append('"' ~ rank ~ '"') -%}
    {%- do labels.update({'"' ~ rank ~ '"': rank}) -%}
{%- endfor -%}

with source as (
    select * from {{ source('raw', 'ons_la_nearest_neighbours_economic') }}
),

long as (
    {{ unpivot('source', ['areacd', '_source_file', '_sha256', '_row_number'],
               rank_columns, 'neighbour_rank', 'neighbour_code', labels) }}
),

renamed as (
    select
        -- ids
        trim(areacd) as area_code,
        cast(neighbour_rank as integer) as neighbour_rank,
        trim(neighbour_code) as neighbour_code,
        -- dimensions
        'economic' as neighbour_type,
        -- lineage
        _source_file as source_file,
        _sha256 as source_sha256,
        _row_number as source_row_number
    from long
    where trim(neighbour_code) <> ''
)

select * from renamed
