{{ config(meta={'dagster': {'ref': {'name': 'int_police__recorded_crime'}}}) }}

-- Reconciliation: every national and regional count ONS prints equals the sum of its member
-- forces that reported (England and Wales includes British Transport Police). A mismatch means a
-- misread cell, a force mapped to the wrong region, or a corrupted file.
with crime as (
    select * from {{ ref('int_police__recorded_crime') }}
),

memberships as (
    select * from {{ ref('int_police__force_memberships') }}
),

summed as (
    select
        memberships.aggregate_code,
        crime.year_ending,
        crime.offence_group_code,
        sum(crime.recorded_crimes) as sum_of_reporting_forces
    from memberships
    inner join crime on memberships.force_code = crime.area_code
    group by memberships.aggregate_code, crime.year_ending, crime.offence_group_code
)

select
    crime.area_code,
    crime.year_ending,
    crime.offence_group_code,
    crime.recorded_crimes as printed_total,
    summed.sum_of_reporting_forces
from crime
inner join summed
    on crime.area_code = summed.aggregate_code
    and crime.year_ending = summed.year_ending
    and crime.offence_group_code = summed.offence_group_code
where crime.recorded_crimes <> summed.sum_of_reporting_forces
