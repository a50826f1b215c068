-- Mid-year population for each area the police tables report on (police force areas, regions,
-- countries, England and Wales), from two ONS series:
--   mye4: MYE4, revised after Census 2021, LAD 2023 boundaries; PFAs summed from their LADs
--         (PFA boundaries follow whole LADs and were unchanged over the period);
--   p9:   Table P9 of the PFA tables for year ending March 2018, as first published (to mid-2016),
--         rounded to the nearest 100.

with mye4 as (
    select * from {{ ref('stg_ons__mye4_population') }}
),

lad_to_pfa as (
    select distinct
        lad_code,
        pfa_code
    from {{ ref('stg_ons__lad_csp_pfa_lookup') }}
    where vintage_year = 2023
),

mye4_pfa as (
    select
        lad_to_pfa.pfa_code as area_code,
        mye4.mid_year,
        cast(sum(mye4.population) as bigint) as population,
        cast(count(*) as integer) as districts_summed
    from mye4
    inner join lad_to_pfa on mye4.area_code = lad_to_pfa.lad_code
    group by lad_to_pfa.pfa_code, mye4.mid_year
),

mye4_published_areas as (
    select
        area_code,
        mid_year,
        population,
        1 as districts_summed
    from mye4
    where geography_type in ('Country', 'Region')
),

mye4_all as (
    select
        'mye4' as population_series,
        area_code,
        mid_year,
        population,
        districts_summed
    from mye4_pfa
    union all
    select
        'mye4' as population_series,
        area_code,
        mid_year,
        population,
        districts_summed
    from mye4_published_areas
),

p9 as (
    select
        'p9' as population_series,
        area_code,
        mid_year,
        population,
        1 as districts_summed
    from {{ ref('stg_ons__pfa_population_p9') }}
    where area_code is not null and area_code <> ''
)

select * from mye4_all
union all
select * from p9
