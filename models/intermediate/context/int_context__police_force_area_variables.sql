-- Context variables for the 43 police force areas of England and Wales in long form, each the
-- sum of its districts (a police force area follows whole districts; LAD 2023 -> PFA 2023).
-- The English indices of deprivation cover England only: the four Welsh force areas get null IoD
-- variables with status symbol 'z' (not applicable), never a Welsh index mixed with an English one.

with districts as (
    select * from {{ ref('int_context__district_measures') }}
),

forces as (
    select * from {{ ref('int_geography__police_force_areas') }}
),

{%- set measures = ['population', 'population_aged_0_15', 'population_aged_65_plus',
                    'area_sq_km', 'imd_score_x_iod_population', 'iod_population',
                    'income_scale', 'employment_scale', 'iod_working_age_population'] %}

force_areas as (
    select
        'police_force_area' as organisation_type,
        forces.pfa_code as organisation_code,
        forces.pfa_name as organisation_name,
        {% for m in measures %}{{ exact_sum('districts.' ~ m) }} as {{ m }},
        {% endfor -%}
        count(*) as districts,
        count(districts.iod_population) as districts_with_iod
    from forces
    inner join districts on forces.pfa_code = districts.pfa_code
    group by forces.pfa_code, forces.pfa_name
),

variables as (
    {{ context_variables('force_areas') }}
)

select * from variables
