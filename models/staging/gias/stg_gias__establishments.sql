-- Get Information About Schools extract (7 May 2021, LAs 850 and 936): one row per school as
-- published. The extract holds no open or close dates and no establishment status.

with source as (
    select * from {{ source('raw', 'gias_establishments') }}
),

renamed as (
    select
        -- ids
        trim(urn) as urn,
        trim(la_code) as la_number,
        trim(establishmentnumber) as establishment_number,
        -- dimensions
        trim(establishmentname) as establishment_name,
        trim(establishmenttypegroup_name) as establishment_type_group,
        trim(phaseofeducation_name) as phase_of_education,
        nullif(trim(religiouscharacter_name), '') as religious_character,
        nullif(trim(districtadministrative_name), '') as district_name,
        nullif(trim(ofstedrating_name), '') as ofsted_rating,
        -- measures: % of pupils eligible for free school meals, as published (blank: none given)
        {{ published_number('percentagefsm') }} as percentage_fsm,
        case when {{ published_number('percentagefsm') }} is null then 'x' end
            as percentage_fsm_symbol,
        -- lineage
        _source_file as source_file,
        _row_number as source_row_number
    from source
)

select * from renamed
