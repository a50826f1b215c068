{#- Staging bodies shared by raw tables the publisher ships in one identical layout. Each staging
    model stays one per raw table (so lineage and docs stay per file); the SQL lives once here. -#}

{#- ONS statistical nearest neighbours: wide AREACD, 1 .. 20 -> one row per area and rank.
    Combined authorities (E47) have 5 neighbours and 15 empty cells: those rows are dropped. -#}
{% macro stg_ons_nearest_neighbours(kind) -%}
{%- set rank_columns = [] -%}
{%- set labels = {} -%}
{%- for rank in range(1, 21) -%}
    {%- do rank_columns.append('"' ~ rank ~ '"') -%}
    {%- do labels.update({'"' ~ rank ~ '"': rank}) -%}
{%- endfor -%}

with source as (
    select * from {{ source('raw', 'ons_la_nearest_neighbours_' ~ kind) }}
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
        '{{ kind }}' as neighbour_type,
        -- lineage
        _source_file as source_file,
        _sha256 as source_sha256,
        _row_number as source_row_number
    from long
    where trim(neighbour_code) <> ''
)

select * from renamed
{%- endmacro %}

{#- IoD 2019 File 10 domain summaries that share the eight-column layout (average rank and score,
    proportion of LSOAs in the most deprived 10%, and their ranks). `prefix` is the sheet's
    column prefix after snake-casing, e.g. 'health_deprivation_and_disability'. -#}
{% macro stg_iod2019_domain_summary(domain, prefix) -%}
with source as (
    select * from {{ source('raw', 'mhclg_iod2019_lad_summaries_' ~ domain) }}
),

renamed as (
    select
        -- ids
        trim(local_authority_district_code_2019) as lad19_code,
        -- dimensions
        trim(local_authority_district_name_2019) as lad19_name,
        '{{ domain }}' as domain,
        -- measures (ranks: 1 = most deprived)
        cast({{ published_number(prefix ~ '_average_rank') }} as double) as average_rank,
        cast({{ published_number(prefix ~ '_rank_of_average_rank') }} as integer)
            as rank_of_average_rank,
        cast({{ published_number(prefix ~ '_average_score') }} as double) as average_score,
        cast({{ published_number(prefix ~ '_rank_of_average_score') }} as integer)
            as rank_of_average_score,
        cast({{ published_number(prefix ~ '_proportion_of_lsoas_in_most_deprived_10_nationally') }}
            as double) as proportion_lsoas_most_deprived_10pct,
        cast({{ published_number(
            prefix ~ '_rank_of_proportion_of_lsoas_in_most_deprived_10_nationally') }}
            as integer) as rank_of_proportion_lsoas_most_deprived_10pct,
        -- lineage
        _source_file as source_file,
        _sheet as source_sheet,
        _row_number as source_row_number
    from source
)

select * from renamed
{%- endmacro %}
