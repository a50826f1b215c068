-- DfE's old 3-digit LA number (as in the KS2 and GIAS files) mapped to the LA's GSS code, name
-- and region, through the DfE register (stg_dfe__local_authorities). A number the register has
-- twice (a recoded authority, e.g. Northumberland 929, Barnsley 370) takes the row in operation on
-- 31 December 2023, the vintage of Frontline's geography (LAD 2023), else its live row, else the
-- latest.
-- Combined rows for split authorities ('940 / 941') match no single number and are left out.

with authorities as (
    select * from {{ ref('stg_dfe__local_authorities') }}
    where old_la_number is not null and old_la_number not like '%/%'
)

select
    old_la_number as la_number,
    la_code,
    la_name,
    region_code,
    status,
    source_file,
    source_row_number
from authorities
qualify row_number() over (
        partition by old_la_number
        order by
            (
                coalesce(date_of_operation, date '1900-01-01') <= date '2023-12-31'
                and coalesce(date_of_termination, date '9999-12-31') > date '2023-12-31'
            ) desc,
            (status = 'live') desc, date_of_operation desc nulls last, la_code asc
    ) = 1
