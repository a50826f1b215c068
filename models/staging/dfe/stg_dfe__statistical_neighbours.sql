-- DfE children's services statistical neighbours (May 2025), one row per LA and neighbour rank
-- 1-10: the neighbour's old 3-digit LA number and its closeness band. The band is printed in
-- varying case ('Very Close', 'Very close'); `closeness` is it in sentence case. Rows under the
-- sheet's 'Old SNs:' heading are the lists of LAs that no longer exist.

with source as (
    select * from {{ source('raw', 'dfe_statistical_neighbours') }}
),

long as (
    {%- for rank in range(1, 11) %}
        select
            la_num,
            la_name,
            goind,
            goreg,
            section,
            {{ rank }} as neighbour_rank,
            sn{{ rank }} as neighbour_la_num,
            sn{{ rank }}_closeness as closeness_as_published,
            _source_file,
            _sha256,
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
        cast(trim(la_num) as integer) as la_number,
        cast(neighbour_rank as integer) as neighbour_rank,
        cast(trim(neighbour_la_num) as integer) as neighbour_la_number,
        -- dimensions
        trim(la_name) as la_name,
        cast(trim(goind) as integer) as region_number,
        trim(goreg) as region_name,
        upper(substring(trim(closeness_as_published), 1, 1))
        || lower(substring(trim(closeness_as_published), 2)) as closeness,
        trim(closeness_as_published) as closeness_as_published,
        trim(section) = 'Old SNs:' as is_old_list,
        -- lineage
        _source_file as source_file,
        _sha256 as source_sha256,
        _row_number as source_row_number
    from long
)

select * from renamed
