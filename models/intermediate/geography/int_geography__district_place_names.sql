-- Place names that identify one local authority district (2023 boundaries), for locating an
-- organisation from the town or county in its published address when no postcode lookup is
-- shipped. A name is the LAD23 name in upper case, also without ONS's ', City of' / ', County of'
-- suffix or 'County ' prefix ('BRISTOL, CITY OF' -> 'BRISTOL', 'COUNTY DURHAM' -> 'DURHAM').
-- England and Wales only. A place name shared by several districts is dropped: it would not say
-- which one.

with districts as (
    select
        area_code as lad_code,
        upper(area_name) as lad_name
    from {{ ref('stg_ons__area_names') }}
    where area_type = 'local_authority_district' and vintage_year = 2023
        and (area_code like 'E%' or area_code like 'W%')
),

names as (
    select
        lad_code,
        lad_name as place_name
    from districts
    union
    select
        lad_code,
        trim(regexp_replace(
            regexp_replace(lad_name, ',\s*(CITY|COUNTY) OF$', ''),
            '^COUNTY ', ''
        )) as place_name
    from districts
)

select
    place_name,
    min(lad_code) as lad_code
from names
group by place_name
having count(distinct lad_code) = 1
