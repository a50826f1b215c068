{#- MYE5: area, then per year the estimated population and people per sq. km (the 2022 density
    header is printed '2022 people per sq. km2'). -#}
with source as (
    select * from {{ source('raw', 'ons_mye5_population_density') }}
),

long as (
    {%- for year in range(2011, 2024) %}
        {%- set density_column = year ~ '_people_per_sq_km' ~ ('2' if year == 2022 else '') %}
        select
            code,
            name,
            geography,
            area_sq_km,
            {{ year }} as mid_year,
            estimated_population_mid_{{ year }} as published_population,
            "{{ density_column }}" as published_density,
            _source_file,
            _sheet,
            _row_number
        from source
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

renamed as (
    select
        -- ids
        trim(code) as area_code,
        mid_year,
        -- dimensions
        trim(name) as area_name,
        trim(geography) as geography_type,
        -- measures
        cast({{ published_number('area_sq_km') }} as double) as area_sq_km,
        cast({{ published_number('published_population') }} as bigint) as population,
        cast({{ published_number('published_density') }} as double) as people_per_sq_km,
        -- lineage
        _source_file as source_file,
        _sheet as source_sheet,
        _row_number as source_row_number
    from long
)

select * from renamed
