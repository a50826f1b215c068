{#- Dates published to the precision the publisher knew: '2011-10-31', '2009-04' or '2015' (the
    GOV.UK prison register's end-date). `published_partial_date_end` gives the last day of the
    stated period (by then the event had happened: a prison with end-date '2009-04' had closed by
    2009-04-30); `published_date_precision` says which of day, month or year was published.
    Anything else (blank, free text) is null. Engine-specific regex: dispatched. -#}

{% macro published_partial_date_end(expr) -%}
    {{ return(adapter.dispatch('published_partial_date_end', 'frontline')(expr)) }}
{%- endmacro %}

{% macro duckdb__published_partial_date_end(expr) -%}
    case
        when regexp_matches(trim({{ expr }}), '^[0-9]{4}-[0-9]{2}-[0-9]{2}$')
            then try_cast(trim({{ expr }}) as date)
        when regexp_matches(trim({{ expr }}), '^[0-9]{4}-[0-9]{2}$')
            then last_day(try_cast(trim({{ expr }}) || '-01' as date))
        when regexp_matches(trim({{ expr }}), '^[0-9]{4}$')
            then try_cast(trim({{ expr }}) || '-12-31' as date)
    end
{%- endmacro %}

{% macro default__published_partial_date_end(expr) -%}
    case
        when regexp_like(trim({{ expr }}), '^[0-9]{4}-[0-9]{2}-[0-9]{2}$')
            then cast(trim({{ expr }}) as date)
        when regexp_like(trim({{ expr }}), '^[0-9]{4}-[0-9]{2}$')
            then cast(cast(trim({{ expr }}) || '-01' as date)
                + interval '1' month - interval '1' day as date)
        when regexp_like(trim({{ expr }}), '^[0-9]{4}$')
            then cast(trim({{ expr }}) || '-12-31' as date)
    end
{%- endmacro %}

{% macro published_date_precision(expr) -%}
    case
        when {{ published_partial_date_end(expr) }} is null then null
        when length(trim({{ expr }})) = 10 then 'day'
        when length(trim({{ expr }})) = 7 then 'month'
        else 'year'
    end
{%- endmacro %}
