{#- is_latest_period computed a second way. The models flag a row when its period ends on the
    latest period_end of its partition and period type (a window max over dim_period); here the
    latest periods are the ones no other period of the same partition and type ends after (an
    anti-join over the distinct periods present). Fails with every row whose flag disagrees, or is
    null. partition_by: the columns the flag is per (e.g. indicator_code, comparison_type);
    period_column: the row's period key; unit_kind: also partition by the kind of unit the row
    describes, the geography level of an area's row else the organisation type (for
    fct_indicator_value, whose rows are areas and organisations of every kind). -#}
{% test is_latest_period_flags_the_latest(
    model, column_name, partition_by=[], period_column='period_key', unit_kind=false
) %}
{%- set keys = partition_by + (['unit_kind'] if unit_kind else []) + ['period_type'] %}
with flagged as (
    select
        {%- for column in partition_by %}
        rows_.{{ column }},
        {%- endfor %}
        {%- if unit_kind %}
        coalesce(areas.geography_level, organisations.organisation_type) as unit_kind,
        {%- endif %}
        rows_.{{ period_column }} as period_key,
        periods.period_type,
        periods.period_end,
        rows_.{{ column_name }} as flag
    from {{ model }} as rows_
    inner join {{ ref('dim_period') }} as periods on rows_.{{ period_column }} = periods.period_key
    {%- if unit_kind %}
    left join {{ ref('dim_geography') }} as areas on rows_.geography_code = areas.geography_code
    left join {{ ref('dim_organisation') }} as organisations
        on rows_.organisation_code = organisations.organisation_code
    {%- endif %}
),

periods_present as (
    select distinct
        {%- for key in keys %}
        {{ key }},
        {%- endfor %}
        period_end
    from flagged
),

latest as (
    select * from periods_present as candidate
    where not exists (
        select 1
        from periods_present as later
        where later.period_end > candidate.period_end
            {%- for key in keys %}
            and later.{{ key }} is not distinct from candidate.{{ key }}
            {%- endfor %}
    )
)

select
    flagged.*,
    latest.period_end is not null as is_latest_by_anti_join
from flagged
left join latest
    on flagged.period_end = latest.period_end
    {%- for key in keys %}
    and flagged.{{ key }} is not distinct from latest.{{ key }}
    {%- endfor %}
where flagged.flag is distinct from (latest.period_end is not null)
{% endtest %}
