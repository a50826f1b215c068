-- NHS England monthly A&E provider statistics, typed: one row per provider and month, plus each
-- file's England total row (is_england_total; organisation_code null). Counts are whole numbers
-- (the loader rejects any other text). "Booked appointments" are attendances booked in advance
-- (e.g. via NHS 111), which NHS England counts in its attendance totals and 4-hour figures.

with source as (
    select * from {{ source('raw', 'nhse_ae_monthly_provider') }}
),

typed as (
    select
        *,
        lower(trim(period)) = 'total' and lower(trim(org_code)) = 'total'
        and lower(trim(parent_org)) = 'total' and lower(trim(org_name)) = 'total'
            as is_total_row
    from source
),

renamed as (
    select
        -- ids
        case when not is_total_row then trim(org_code) end as organisation_code,
        'M' || file_month as period_key,
        -- dimensions
        cast(file_month || '-01' as date) as month_start,
        trim(period) as period_as_published,
        is_total_row as is_england_total,
        case when not is_total_row then trim(org_name) end as organisation_name,
        case when not is_total_row then trim(parent_org) end as parent_organisation_name,
        -- 'NHS ENGLAND NORTH WEST' -> 'NORTH WEST', the NHS England region as ONS names it
        case when not is_total_row
                then upper(trim(regexp_replace(trim(parent_org), '^NHS ENGLAND ', '')))
        end as nhs_region_name_upper,
        -- measures: attendances (booked appointments are published separately)
        cast(a_e_attendances_type_1 as bigint) as attendances_type_1,
        cast(a_e_attendances_type_2 as bigint) as attendances_type_2,
        cast(a_e_attendances_other_a_e_department as bigint) as attendances_other_department,
        cast(a_e_attendances_booked_appointments_type_1 as bigint) as booked_attendances_type_1,
        cast(a_e_attendances_booked_appointments_type_2 as bigint) as booked_attendances_type_2,
        cast(a_e_attendances_booked_appointments_other_department as bigint)
            as booked_attendances_other_department,
        -- measures: attendances over 4 hours from arrival to admission, transfer or discharge
        cast(attendances_over_4hrs_type_1 as bigint) as over_4_hours_type_1,
        cast(attendances_over_4hrs_type_2 as bigint) as over_4_hours_type_2,
        cast(attendances_over_4hrs_other_department as bigint) as over_4_hours_other_department,
        cast(attendances_over_4hrs_booked_appointments_type_1 as bigint)
            as booked_over_4_hours_type_1,
        cast(attendances_over_4hrs_booked_appointments_type_2 as bigint)
            as booked_over_4_hours_type_2,
        cast(attendances_over_4hrs_booked_appointments_other_department as bigint)
            as booked_over_4_hours_other_department,
        -- measures: waits from decision to admit, emergency admissions
        cast(patients_who_have_waited_4_12_hs_from_dta_to_admission as bigint)
            as waits_4_to_12_hours_from_decision_to_admit,
        cast(patients_who_have_waited_12_hrs_from_dta_to_admission as bigint)
            as waits_over_12_hours_from_decision_to_admit,
        cast(emergency_admissions_via_a_e_type_1 as bigint) as emergency_admissions_type_1,
        cast(emergency_admissions_via_a_e_type_2 as bigint) as emergency_admissions_type_2,
        cast(emergency_admissions_via_a_e_other_a_e_department as bigint)
            as emergency_admissions_other_department,
        cast(other_emergency_admissions as bigint) as other_emergency_admissions,
        -- lineage
        _source_file as source_file,
        _row_number as source_row_number
    from typed
)

select * from renamed
