-- One row per A&E provider and month, with attendances and attendances over 4 hours totalled as
-- NHS England totals them: booked appointments are counted in each type and in all types
-- (NHS England's June 2024 England figures, 2.29 million attendances and 74.6% within 4 hours,
-- and July 2024 type 1 figures, 1,425,569 attendances and 61.4%, include them). All types =
-- type 1 + type 2 + other departments (types 3 and 4). The England total row is left out here.

with months as (
    select * from {{ ref('stg_nhse__ae_monthly_provider') }}
    where not is_england_total
)

select
    organisation_code,
    organisation_name,
    nhs_region_name_upper,
    period_key,
    month_start,
    attendances_type_1 + booked_attendances_type_1 as type_1_attendances,
    over_4_hours_type_1 + booked_over_4_hours_type_1 as type_1_over_4_hours,
    attendances_type_1 + attendances_type_2 + attendances_other_department
    + booked_attendances_type_1 + booked_attendances_type_2
    + booked_attendances_other_department as all_types_attendances,
    over_4_hours_type_1 + over_4_hours_type_2 + over_4_hours_other_department
    + booked_over_4_hours_type_1 + booked_over_4_hours_type_2
    + booked_over_4_hours_other_department as all_types_over_4_hours,
    source_file,
    source_row_number
from months
