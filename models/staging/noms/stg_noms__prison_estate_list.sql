with source as (
    select * from {{ source('raw', 'noms_prison_estate_list_2016') }}
),

renamed as (
    select
        -- ids: the list has no codes; establishments are named as NOMS names them ('Mount, The')
        trim(name) as establishment_name,
        -- dimensions
        nullif(trim(noms_region), '') as noms_region,
        nullif(trim(operator), '') as operator,
        nullif(trim(predominant_function), '') as predominant_function,
        nullif(trim(designation), '') as designation,
        nullif(trim(notes), '') as notes,
        nullif(trim(nps_division), '') as nps_division,
        nullif(trim(lead_resettlement_cpa_if_resettlement_prison), '') as resettlement_cpa,
        nullif(trim(lead_resettlement_services_provider), '') as resettlement_provider,
        nullif(trim(postal_address), '') as postal_address,
        -- the postal address without its postcode, as published in the 'address' column
        nullif(trim(address), '') as address,
        nullif(trim(postcode), '') as postcode,
        nullif(trim(telephone), '') as telephone,
        -- lineage
        _source_file as source_file,
        _row_number as source_row_number
    from source
)

select * from renamed
