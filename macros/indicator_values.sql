{#- The indicator value shape: the one declaration of the columns every sector's model in
    models/core/indicator_values/ hands to the indicator spine (int_indicators__values_before_disclosure),
    with their DuckDB types. The generic test `indicator_value_shape` holds each contributor to it;
    the union selects these columns by name. -#}
{% macro indicator_value_columns() -%}
    {{- return([
        {'name': 'indicator_code', 'data_type': 'VARCHAR'},
        {'name': 'period_key', 'data_type': 'VARCHAR'},
        {'name': 'geography_code', 'data_type': 'VARCHAR'},
        {'name': 'organisation_code', 'data_type': 'VARCHAR'},
        {'name': 'numerator', 'data_type': 'DOUBLE'},
        {'name': 'denominator', 'data_type': 'DOUBLE'},
        {'name': 'value', 'data_type': 'DOUBLE'},
        {'name': 'status_symbol', 'data_type': 'VARCHAR'},
        {'name': 'status_reason', 'data_type': 'VARCHAR'},
        {'name': 'coverage', 'data_type': 'VARCHAR'},
        {'name': 'source_file', 'data_type': 'VARCHAR'},
        {'name': 'source_sheet', 'data_type': 'VARCHAR'},
        {'name': 'source_row_number', 'data_type': 'INTEGER'},
    ]) -}}
{%- endmacro %}


{#- Every registered contributor (var indicator_value_models in dbt_project.yml), one
    `union all` branch each, columns named in the declared order. -#}
{% macro union_indicator_values(models) -%}
    {%- set columns = indicator_value_columns() | map(attribute='name') | join(', ') -%}
    {%- for model in models %}
    {% if not loop.first %}union all
    {% endif -%}
    select {{ columns }}
    from {{ ref(model) }}
    {%- endfor %}
{%- endmacro %}


{#- For sectors whose areas are their own organisations (police force areas, councils): the
    values of `values_relation` with organisation_code = geography_code where dim_organisation
    knows that code, else null. -#}
{% macro with_area_organisations(values_relation) -%}
    select
        area_values.*,
        organisations.organisation_code
    from {{ values_relation }} as area_values
    left join (select distinct organisation_code from {{ ref('dim_organisation') }}) as organisations
        on organisations.organisation_code = area_values.geography_code
{%- endmacro %}
