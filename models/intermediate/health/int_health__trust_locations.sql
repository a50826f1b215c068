-- Where each open NHS trust is headquartered, as an upper-tier council area (2023 boundaries), for
-- seeing the organisations that serve one place together. No postcode lookup is shipped, so the
-- place comes from the published ODS address: the post town (address line 4) when it names one
-- district ('SUNDERLAND' -> Sunderland -> its upper-tier area), else the county (line 5) when it
-- names an upper-tier council ('SURREY'). A trust whose town and county name neither ('LONDON')
-- is kept with no area and says so. A trust serves more than its headquarters' area: the link
-- says 'headquartered in', nothing more.

with trusts as (
    select
        organisation_code,
        upper(town) as town,
        upper(county) as county
    from {{ ref('stg_nhs_ods__trusts') }}
    where close_date is null
),

districts as (
    select
        lad_code,
        utla_code
    from {{ ref('int_context__district_measures') }}
),

upper_tier_names as (
    select distinct
        organisation_code as utla_code,
        upper(organisation_name) as place_name
    from {{ ref('int_context__council_variables') }}
    where organisation_type = 'council_upper_tier'
),

located as (
    select
        trusts.organisation_code,
        trusts.town,
        trusts.county,
        districts.lad_code,
        coalesce(districts.utla_code, upper_tier_names.utla_code) as utla_code,
        case
            when districts.utla_code is not null
                then 'ODS post town ' || trusts.town || ' is a district of the area'
            when upper_tier_names.utla_code is not null
                then 'ODS county ' || trusts.county || ' is the area'
            else 'not located: ODS town and county name no single district or county'
        end as location_basis
    from trusts
    left join {{ ref('int_geography__district_place_names') }} as places
        on trusts.town = places.place_name
    left join districts on places.lad_code = districts.lad_code
    left join upper_tier_names on trusts.county = upper_tier_names.place_name
)

select * from located
