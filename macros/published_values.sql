{#- Published cells arrive as text exactly as printed. These macros turn them into numbers and
    GSS status symbols. The number parser is engine-specific, hence dispatched: DuckDB has
    try_cast; the default uses a regular expression that PostgreSQL and Trino understand. -#}

{% macro published_number(expr) -%}
    {{ return(adapter.dispatch('published_number', 'frontline')(expr)) }}
{%- endmacro %}

{% macro duckdb__published_number(expr) -%}
    try_cast(replace(trim({{ expr }}), ',', '') as double)
{%- endmacro %}

{% macro default__published_number(expr) -%}
    case
        when regexp_like(replace(trim({{ expr }}), ',', ''), '^-?[0-9]+(\.[0-9]+)?$')
            then cast(replace(trim({{ expr }}), ',', '') as double precision)
    end
{%- endmacro %}

{#- The GSS symbol for a cell that holds no number. ONS printed '..' for "not available";
    current GSS guidance writes that as [x] / x. Numbers get no symbol (null). -#}
{% macro published_status_symbol(expr) -%}
    case
        when {{ published_number(expr) }} is not null then null
        when trim({{ expr }}) in ('..', 'x', '[x]', ':') then 'x'
        when trim({{ expr }}) in ('c', '[c]') then 'c'
        when trim({{ expr }}) in ('z', '[z]', '-') then 'z'
        when trim({{ expr }}) in ('low', '[low]', 'k') then 'low'
        when {{ expr }} is null or trim({{ expr }}) = '' then 'x'
        else 'x'
    end
{%- endmacro %}

{#- Strip footnote markers that publishers glue onto labels: 'ENGLAND AND WALES7,8' -> 'ENGLAND
    AND WALES', 'Greater Manchester8,9' -> 'Greater Manchester'. Engine-specific regex: dispatched. -#}
{% macro strip_footnote_markers(expr) -%}
    {{ return(adapter.dispatch('strip_footnote_markers', 'frontline')(expr)) }}
{%- endmacro %}

{% macro duckdb__strip_footnote_markers(expr) -%}
    trim(regexp_replace(trim({{ expr }}), '[0-9]+(,[0-9]+)*$', ''))
{%- endmacro %}

{% macro default__strip_footnote_markers(expr) -%}
    trim(regexp_replace(trim({{ expr }}), '[0-9]+(,[0-9]+)*$', ''))
{%- endmacro %}
