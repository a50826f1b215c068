-- Local authorities (upper tier, education authorities) from the DfE geography register
-- (dfe_las_with_history.csv): the GSS code beside DfE's old 3-digit LA number (850 Hampshire,
-- 936 Surrey), with operation and termination dates. DfE writes a few combined rows for split
-- authorities ('E06000061 / E06000062'); they are kept as published.

with source as (
    select * from {{ source('raw', 'dfe_las_with_history') }}
),

renamed as (
    select
        -- ids
        trim(new_la_code) as la_code,
        nullif(trim(old_la_code), '') as old_la_number,
        -- dimensions
        trim(la_name) as la_name,
        nullif(trim(parent_geography_code), '') as region_code,
        trim(entity_code) as entity_code,
        trim(entity_description) as entity_description,
        trim(status) as status,
        -- dates (dd/mm/yyyy as published)
        try_strptime(nullif(trim(date_of_operation), ''), '%d/%m/%Y')::date as date_of_operation,
        try_strptime(nullif(trim(date_of_termination), ''), '%d/%m/%Y')::date
            as date_of_termination,
        -- lineage
        _source_file as source_file,
        _row_number as source_row_number
    from source
)

select * from renamed
