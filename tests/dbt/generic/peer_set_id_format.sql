{#- One format for peer-set ids in every table: <peer_set_type>:<comparison_type>[:<qualifier>],
    each part lower-case words joined by single underscores (no '__' separators), and the second
    part the row's own comparison type. Fails with every row whose id breaks it. -#}
{% test peer_set_id_format(model, column_name, comparison_type_column='comparison_type') %}
select *
from {{ model }}
where {{ column_name }} is not null
    and (
        not regexp_full_match(
            {{ column_name }}, '[a-z0-9]+(_[a-z0-9]+)*(:[a-z0-9]+(_[a-z0-9]+)*){1,2}'
        )
        {%- if comparison_type_column %}
        or split_part({{ column_name }}, ':', 2) is distinct from {{ comparison_type_column }}
        {%- endif %}
    )
{% endtest %}
