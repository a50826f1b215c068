-- The indicator registry before it is published: each definition row of the seed (rows marked
-- expand_by_offence_group written out once per police offence group) and the entries generated
-- from publishers' own metadata (Oflog metrics, ...).

{%- set carried = ['sector', 'measure', 'unit', 'polarity', 'numerator_definition',
                   'denominator_definition', 'peer_average_method', 'method', 'source_title',
                   'publisher', 'licence'] %}
{#- statistical disclosure control rule of each indicator (typed integers / symbol) #}
{%- set disclosure = ['disclosure_threshold', 'disclosure_rounding_base', 'disclosure_symbol',
                      'disclosure_threshold_applies_to'] %}
{#- registry entries generated from a publisher's own metadata (same columns as below) #}
{%- set generated_definitions = [
    'int_indicators__oflog_definitions',
    'int_indicators__lait_definitions',
] %}

with definitions as (
    select * from {{ ref('indicator_definitions') }}
),

offence_groups as (
    select * from {{ ref('police_offence_groups') }}
),

expanded as (
    select
        replace(definitions.indicator_code, '{offence_group}', offence_groups.offence_group_code)
            as indicator_code,
        replace(
            definitions.indicator_name, '{offence_group_name}',
            offence_groups.offence_group_name
        ) as indicator_name,
        offence_groups.offence_group_code as subject_code,
        {%- for column in carried %}
            definitions.{{ column }},
        {%- endfor %}
        cast(definitions.decimal_places as integer) as decimal_places,
        {%- for column in disclosure[:-1] %}
            definitions.{{ column }},
        {%- endfor %}
        definitions.{{ disclosure[-1] }}
    from definitions
    cross join offence_groups
    where definitions.expand_by_offence_group
),

single as (
    select
        definitions.indicator_code,
        definitions.indicator_name,
        cast(null as varchar) as subject_code,
        {%- for column in carried %}
            definitions.{{ column }},
        {%- endfor %}
        cast(definitions.decimal_places as integer) as decimal_places,
        {%- for column in disclosure[:-1] %}
            definitions.{{ column }},
        {%- endfor %}
        definitions.{{ disclosure[-1] }}
    from definitions
    where not definitions.expand_by_offence_group
),

generated as (
    {%- for model in generated_definitions %}
        select
            indicator_code,
            indicator_name,
            subject_code,
            {%- for column in carried %}
                {{ column }},
            {%- endfor %}
            decimal_places,
            {%- for column in disclosure[:-1] %}
                {{ column }},
            {%- endfor %}
            {{ disclosure[-1] }}
        from {{ ref(model) }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
)

select * from expanded
union all
select * from single
union all
select * from generated
