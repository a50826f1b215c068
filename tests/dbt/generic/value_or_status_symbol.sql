{#- A published value is either present or explained by a GSS status symbol, never both
    missing (a blank that could be read as zero) and never both present. -#}
{% test value_or_status_symbol(model, column_name, status_column='status_symbol') %}
select *
from {{ model }}
where ({{ column_name }} is null and {{ status_column }} is null)
    or ({{ column_name }} is not null and {{ status_column }} is not null)
{% endtest %}
