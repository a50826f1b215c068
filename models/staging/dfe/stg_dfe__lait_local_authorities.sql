-- LAIT's list of areas: old 3-digit LA number, name, region and type (ILB/OLB inner and outer
-- London boroughs, MD metropolitan districts, UA unitary authorities, SC shire counties). Regions,
-- inner and outer London and England have type 'NA' (null here).

with source as (
    select * from {{ source('raw', 'dfe_lait_la_code_list') }}
),

renamed as (
    select
        -- ids
        cast(trim(la_number) as integer) as la_number,
        -- dimensions
        trim(la_name) as la_name,
        nullif(nullif(trim(region), 'NA'), '') as region_name,
        nullif(nullif(trim(type), 'NA'), '') as la_type,
        -- lineage
        _source_file as source_file,
        _row_number as source_row_number
    from source
)

select * from renamed
