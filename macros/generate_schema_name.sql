{#- Use the layer's schema name as is (staging, intermediate, marts, reference) so analysts
    write `marts.fct_indicator_value`, not `main_marts.fct_indicator_value`. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}
