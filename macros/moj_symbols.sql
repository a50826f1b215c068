{#- GSS status symbol of a cell in an MoJ / HMPPS statistics table: MoJ prints '*' for a figure
    suppressed to protect a small cohort (GSS 'c'); every other code as published_status_symbol
    reads it. -#}
{% macro moj_status_symbol(col) -%}
    case when trim({{ col }}) = '*' then 'c' else {{ published_status_symbol(col) }} end
{%- endmacro %}
