-- Context variables for councils in long form (one row per organisation and variable), the input
-- of the peer-group engine: lower tier = the 318 districts of England and Wales on 2023
-- boundaries (unitary, metropolitan, London and Welsh authorities included); upper tier = the
-- social-care authorities: the 21 two-tier counties, each the sum of its districts, and every
-- unitary, metropolitan district and London borough (and Welsh authority) as itself.
-- How IoD 2019 (2019 districts) reaches 2023 codes: see int_context__district_measures.

with districts as (
    select * from {{ ref('int_context__district_measures') }}
),

county_names as (
    select distinct
        area_code,
        area_name
    from {{ ref('stg_ons__mye2_persons_by_age') }}
    where geography_type = 'County'
),

{%- set measures = ['population', 'population_aged_0_15', 'population_aged_65_plus',
                    'area_sq_km', 'imd_score_x_iod_population', 'iod_population',
                    'income_scale', 'employment_scale', 'iod_working_age_population'] %}

lower_tier as (
    select
        'council_lower_tier' as organisation_type,
        lad_code as organisation_code,
        lad_name as organisation_name,
        {% for m in measures %}{{ m }},
        {% endfor -%}
        1 as districts,
        case when iod_population is not null then 1 else 0 end as districts_with_iod
    from districts
),

upper_tier as (
    select
        'council_upper_tier' as organisation_type,
        districts.utla_code as organisation_code,
        coalesce(max(county_names.area_name), max(districts.lad_name)) as organisation_name,
        {% for m in measures %}{{ exact_sum('districts.' ~ m) }} as {{ m }},
        {% endfor -%}
        count(*) as districts,
        count(districts.iod_population) as districts_with_iod
    from districts
    left join county_names on districts.utla_code = county_names.area_code
    group by districts.utla_code
),

councils as (
    select * from lower_tier
    union all
    select * from upper_tier
),

variables as (
    {{ context_variables('councils') }}
)

select * from variables
