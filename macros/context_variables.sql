{#- Long-form context variables from a CTE of summed district measures
    (int_context__district_measures
    summed to any tier). The CTE must have: organisation_type, organisation_code,
    organisation_name, population, population_aged_0_15, population_aged_65_plus, area_sq_km,
    imd_score_x_iod_population, iod_population, income_scale, employment_scale,
    iod_working_age_population, districts, districts_with_iod. Ratios are computed after summing
    (sum of counts / sum of denominators). IoD 2019 covers England only: an area with any district
    outside it (Wales) gets null IoD values with GSS symbol 'z' (not applicable). -#}
{% macro context_variables(from_cte) -%}
    {%- set mye = "ONS mid-year population estimates, mid-2023 (MYE2 - Persons)" -%}
    {%- set mye5 = "ONS mid-year population estimates, mid-2023 (MYE5 area)" -%}
    {%- set iod = "MHCLG English indices of deprivation 2019, File 10 LAD summaries" -%}
    {%- set iod_complete = "districts_with_iod = districts" -%}
    {%- set variables = [
        ('population', 'persons', 'cast(population as double)', mye, 'mid-2023', none),
        ('area_sq_km', 'square kilometres', 'area_sq_km', mye5, 'mid-2023', none),
        ('population_density_per_sq_km', 'persons per square kilometre',
            safe_divide('population', 'area_sq_km'), mye ~ ' and MYE5 area', 'mid-2023', none),
        ('percent_aged_0_15', 'percent of population',
            '100 * ' ~ safe_divide('population_aged_0_15', 'population'), mye, 'mid-2023', none),
        ('percent_aged_65_plus', 'percent of population',
            '100 * ' ~ safe_divide('population_aged_65_plus', 'population'), mye, 'mid-2023', none),
        ('imd_2019_average_score', 'score (higher = more deprived)',
            safe_divide('imd_score_x_iod_population', 'iod_population'), iod ~ ', sheet IMD',
            'IoD2019', iod_complete),
        ('imd_2019_income_score', 'proportion of population income deprived',
            safe_divide('income_scale', 'iod_population'), iod ~ ', sheet Income', 'IoD2019',
            iod_complete),
        ('imd_2019_income_scale', 'persons income deprived', 'income_scale',
            iod ~ ', sheet Income', 'IoD2019', iod_complete),
        ('imd_2019_employment_score', 'proportion of working-age population employment deprived',
            safe_divide('employment_scale', 'iod_working_age_population'),
            iod ~ ', sheet Employment', 'IoD2019', iod_complete),
        ('imd_2019_employment_scale', 'persons employment deprived', 'employment_scale',
            iod ~ ', sheet Employment', 'IoD2019', iod_complete),
    ] -%}
    {%- for name, unit, expression, source, period, condition in variables %}
    select
        organisation_type,
        organisation_code,
        organisation_name,
        '{{ name }}' as variable,
        {%- if condition %}
        case when {{ condition }} then {{ expression }} end as value,
        case when not ({{ condition }}) then 'z' end as status_symbol,
        {%- else %}
        {{ expression }} as value,
        cast(null as varchar) as status_symbol,
        {%- endif %}
        '{{ unit }}' as unit,
        '{{ period }}' as reference_period,
        '{{ source }}' as source,
        districts
    from {{ from_cte }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}
