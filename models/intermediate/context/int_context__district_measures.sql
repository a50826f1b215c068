-- One row per local authority district of England and Wales on 2023 boundaries (the 318 districts
-- of the ONS mid-2023 estimates), with the additive measures the context variables are built
-- from, so that every tier (district, upper tier, police force area) aggregates the same way:
-- sum the counts, then divide.
--
-- IoD 2019 is published for the 317 districts of 2019. 28 of them were merged into new unitary
-- authorities in 2020-23 (Buckinghamshire, North and West Northamptonshire, Cumberland,
-- Westmorland and Furness, North Yorkshire, Somerset). Each 2019 district lies wholly inside one
-- 2023 district, so it maps to that district through int_geography__code_successions (chains
-- resolved: Taunton Deane -> Somerset West and Taunton -> Somerset), and the merged district's
-- figures are population-weighted from its predecessors. The weight is the population IoD 2019
-- itself used: a district's Income average score is income-deprived people / population (a
-- population-weighted mean of LSOA rates), so population = Income scale / Income average score.
-- Weighting the published IMD average scores by that population reproduces the average over the
-- merged area's LSOAs, up to the rounding of the published scores (3 decimals).

with ages as (
    select * from {{ ref('stg_ons__mye2_persons_by_age') }}
),

densities as (
    select * from {{ ref('stg_ons__mye5_population_density') }}
    where mid_year = 2023
),

districts_2023 as (
    select
        area_code as lad_code,
        max(area_name) as lad_name,
        max(geography_type) as geography_type,
        max(population_all_ages) as population,
        sum(case when age <= 15 then population end) as population_aged_0_15,
        sum(case when age >= 65 then population end) as population_aged_65_plus
    from ages
    where geography_type in (
            'Non-metropolitan District',
            'Unitary Authority',
            'Metropolitan District',
            'London Borough'
        )
    group by area_code
),

geography as (
    select * from {{ ref('int_geography__local_authority_districts') }}
),

successions as (
    select * from {{ ref('int_geography__code_successions') }}
),

imd as (
    select * from {{ ref('stg_mhclg__iod2019_lad_imd') }}
),

income as (
    select * from {{ ref('stg_mhclg__iod2019_lad_income') }}
),

employment as (
    select * from {{ ref('stg_mhclg__iod2019_lad_employment') }}
),

iod_2019_districts as (
    select
        imd.lad19_code,
        coalesce(successions.current_successor_code, imd.lad19_code) as lad_code,
        imd.average_score as imd_average_score,
        income.scale as income_scale,
        {{ safe_divide('income.scale', 'income.average_score') }} as iod_population,
        employment.scale as employment_scale,
        -- the employment score's denominator is the working-age population
        {{ safe_divide('employment.scale', 'employment.average_score') }}
            as iod_working_age_population
    from imd
    inner join income on imd.lad19_code = income.lad19_code
    inner join employment on imd.lad19_code = employment.lad19_code
    left join successions
        on imd.lad19_code = successions.abolished_code and not successions.is_split
),

iod_2023_districts as (
    select
        lad_code,
        count(*) as iod_2019_districts,
        {{ dbt.listagg('lad19_code', "', '", 'order by lad19_code') }} as iod_2019_codes,
        -- derived populations are fractions: exact_sum gives the same bits on every run
        {{ exact_sum('imd_average_score * iod_population') }} as imd_score_x_iod_population,
        {{ exact_sum('iod_population') }} as iod_population,
        sum(income_scale) as income_scale,
        sum(employment_scale) as employment_scale,
        {{ exact_sum('iod_working_age_population') }} as iod_working_age_population
    from iod_2019_districts
    group by lad_code
)

select
    -- ids
    districts_2023.lad_code,
    -- dimensions
    districts_2023.lad_name,
    districts_2023.geography_type,
    geography.country_code,
    -- Wales counts as one region
    coalesce(geography.region_code, geography.country_code) as region_code,
    geography.utla_code,
    geography.pfa_code,
    -- measures: ONS mid-2023
    districts_2023.population,
    districts_2023.population_aged_0_15,
    districts_2023.population_aged_65_plus,
    densities.area_sq_km,
    densities.people_per_sq_km as people_per_sq_km_as_published,
    -- measures: IoD 2019 (England only), summed over the 2019 districts in this 2023 district
    iod_2023_districts.iod_2019_districts,
    iod_2023_districts.iod_2019_codes,
    iod_2023_districts.imd_score_x_iod_population,
    iod_2023_districts.iod_population,
    iod_2023_districts.income_scale,
    iod_2023_districts.employment_scale,
    iod_2023_districts.iod_working_age_population
from districts_2023
left join densities on districts_2023.lad_code = densities.area_code
left join geography on districts_2023.lad_code = geography.lad_code
left join iod_2023_districts on districts_2023.lad_code = iod_2023_districts.lad_code
