{#- NHS ODS files publish dates as YYYYMMDD text (the loader checks the shape); a blank date
    (e.g. no close date: still open) is null. -#}
{% macro ods_date(expr) -%}
    case when trim({{ expr }}) <> '' then cast(
        substr({{ expr }}, 1, 4) || '-' || substr({{ expr }}, 5, 2) || '-'
        || substr({{ expr }}, 7, 2) as date
    ) end
{%- endmacro %}
