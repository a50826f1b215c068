-- LAIT data set: one row per measure x year as LAIT prints it x area, value as a number or a GSS
-- status symbol. LAIT prints '-' where it has no figure (its app reads '-', 'c' and '..' as
-- missing); that is 'x', not available.

with source as (
    select * from {{ source('raw', 'dfe_lait_values') }}
),

renamed as (
    select
        -- ids
        trim(short_desc) as measure_code,
        cast(trim(la_number) as integer) as la_number,
        -- dimensions
        trim(years) as years_as_published,
        trim(la_and_regions) as area_name,
        nullif(nullif(trim(region), 'NA'), '') as region_name,
        nullif(trim(data_item), '') as data_item,
        -- measures
        {{ published_number('"values"') }} as value,
        case
            when {{ published_number('"values"') }} is not null then null
            when trim("values") = '-' then 'x'
            else {{ published_status_symbol('"values"') }}
        end as status_symbol,
        trim("values") as value_as_published,
        -- lineage
        _source_file as source_file,
        _row_number as source_row_number
    from source
)

select * from renamed
