{#- One row per way the model departs from the indicator value shape (macros/indicator_values.sql):
    a declared column missing or of another type, or a column the shape does not declare. -#}
{% test indicator_value_shape(model) %}
{%- set problems = [] -%}
{%- if execute -%}
    {%- set actual = {} -%}
    {%- for column in adapter.get_columns_in_relation(model) -%}
        {%- do actual.update({column.name | lower: column.dtype | upper}) -%}
    {%- endfor -%}
    {%- set declared = {} -%}
    {%- for column in indicator_value_columns() -%}
        {%- do declared.update({column.name: column.data_type}) -%}
        {%- if column.name not in actual -%}
            {%- do problems.append(column.name ~ ': missing') -%}
        {%- elif actual[column.name] != column.data_type -%}
            {%- do problems.append(column.name ~ ': ' ~ actual[column.name] ~ ', declared '
                ~ column.data_type) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for name in actual if name not in declared -%}
        {%- do problems.append(name ~ ': not in the declared shape') -%}
    {%- endfor -%}
{%- endif %}
select problem
from (
    select cast(null as varchar) as problem
    {%- for problem in problems %}
    union all select '{{ problem | replace("'", "''") }}'
    {%- endfor %}
) as problems
where problem is not null
{% endtest %}
