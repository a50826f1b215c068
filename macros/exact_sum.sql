{#- The sum of a non-integer double column that is the same to the last bit on every run.
    DuckDB adds a column in whatever order its threads deliver the rows, and float addition is
    not associative, so a plain sum() of fractions can differ in its last bit between two runs on
    the same data, and a re-release on the same inputs would not be byte-identical. Each term is
    fixed to `scale` decimal places and added as a DECIMAL (integer arithmetic, exact in any
    order), then returned as a double. 38 digits leave 38 - scale for the integer part. -#}
{% macro exact_sum(expression, scale=10) -%}
    cast(sum(cast({{ expression }} as decimal(38, {{ scale }}))) as double)
{%- endmacro %}
