{{ config(meta={'dagster': {'ref': {'name': 'stg_nhse__ncc_national_schedule'}}}) }}

-- The national average unit cost NAC = cost / activity, checked against the published unit cost
-- within the published rounding. From the file: the unit cost is printed to 4 decimal places
-- (error up to 0.00005) and the cost to 10 significant figures, at most 4 decimal places (error
-- up to half a unit of its last digit, u/2 with u = max(0.0001, 10^(floor(log10(cost)) - 9))).
-- So |cost / activity - unit cost| <= 0.00005 + (u/2) / activity, plus 1e-9 for binary floats.
-- On the 2023/24 file: 53 of 11,303 rows give a different 4-decimal rounding of cost / activity
-- than the printed unit cost, 62 differ by more than 0.00005, the largest by 0.0000571 (ED07Z,
-- Non-Elective short stay: 1,112,807.533 / 14 = 79,486.25236 against 79,486.2523); none exceed
-- the tolerance (the largest uses 99.7% of it).
with schedule as (
    select * from {{ ref('stg_nhse__ncc_national_schedule') }}
),

checked as (
    select
        service_code,
        currency_code,
        activity,
        unit_cost,
        cost,
        cost / nullif(activity, 0) as national_average_unit_cost,
        0.00005
        + 0.5 * greatest(
            0.0001,
            case when cost > 0 then power(10, floor(log10(cost)) - 9) else 0.0001 end
        ) / nullif(activity, 0)
        + 1e-9 as tolerance
    from schedule
)

select *
from checked
where national_average_unit_cost is null
    or abs(national_average_unit_cost - unit_cost) > tolerance
