-- ONS LAD -> Community Safety Partnership -> Police Force Area lookups, four vintages stacked.
{%- set vintages = [2017, 2018, 2019, 2023] %}

with
{% for year in vintages -%}
    {%- set yy = (year | string)[2:] %}
    source_{{ year }} as (
        select
            {{ year }} as vintage_year,
            lad{{ yy }}cd as lad_code,
            lad{{ yy }}nm as lad_name,
            csp{{ yy }}cd as csp_code,
            csp{{ yy }}nm as csp_name,
            pfa{{ yy }}cd as pfa_code,
            pfa{{ yy }}nm as pfa_name,
            _source_file,
            _row_number
        from {{ source('raw', 'ons_lad' ~ yy ~ '_csp' ~ yy ~ '_pfa' ~ yy ~ '_lookup_ew') }}
    ),
{% endfor %}

stacked as (
    {% for year in vintages -%}
        select * from source_{{ year }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

renamed as (
    select
        -- ids
        trim(lad_code) as lad_code,
        trim(csp_code) as csp_code,
        trim(pfa_code) as pfa_code,
        -- dimensions
        vintage_year,
        trim(lad_name) as lad_name,
        trim(csp_name) as csp_name,
        trim(pfa_name) as pfa_name,
        -- lineage
        _source_file as source_file,
        _row_number as source_row_number
    from stacked
)

select * from renamed
