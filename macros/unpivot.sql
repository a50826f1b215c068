{#- Wide-to-long reshape as plain UNION ALL, so it runs on any engine (no PIVOT/UNPIVOT syntax).
    Each column in `value_columns` becomes one row per input row; its name lands in `name_column`.
    `labels` optionally maps a column name to the value written instead (e.g. mid_2016 -> 2016). -#}
{% macro unpivot(from_cte, id_columns, value_columns, name_column, value_column, labels=none) -%}
    {%- for column_name in value_columns %}
    select
        {% for id in id_columns %}{{ id }},
        {% endfor -%}
        {% if labels %}{{ labels[column_name] }}{% else %}'{{ column_name }}'{% endif %} as {{ name_column }},
        {{ column_name }} as {{ value_column }}
    from {{ from_cte }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}
