{#- Integers 0 .. upper_bound - 1 from cross-joined digits: portable, no generate_series. -#}
{% macro integer_series(upper_bound) -%}
    {%- set digits = (upper_bound - 1) | string | length -%}
    select n from (
        select
            {% for i in range(digits) -%}
            d{{ i }}.digit * {{ 10 ** i }}{% if not loop.last %} + {% endif %}
            {%- endfor %} as n
        from
            {% for i in range(digits) -%}
            (select 0 as digit union all select 1 union all select 2 union all select 3
             union all select 4 union all select 5 union all select 6 union all select 7
             union all select 8 union all select 9) as d{{ i }}{% if not loop.last %} cross join {% endif %}
            {% endfor %}
    ) as digits_combined
    where n < {{ upper_bound }}
{%- endmacro %}
