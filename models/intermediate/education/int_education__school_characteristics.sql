-- What DfE's similar-schools method compares (docs/methods/education.md), one row per
-- school compared as school_primary that has a record in the latest KS2 year shipped (2018-19):
-- pupils on roll (TOTPUPS) and % SEN from that record, % eligible for free school meals from the
-- GIAS extract (PercentageFSM, 7 May 2021). Schools last seen in an earlier year (converted or
-- closed) are left out, so no school has its own predecessor among its similar schools.
-- % SEN: PSENELEK (EHC plan or SEN support) where the file has it (2018-19), else (TSENELSE +
-- TSENELAPK) / TELIG (statement/EHC plan + SEN without one, 2016-17 and 2017-18 layouts). It
-- describes the KS2 cohort, not the whole school (the files give no whole-school SEN). A value
-- DfE did not give ('NEW', 'SUPP', not in GIAS) is null here and filled with the phase median by
-- frontline_stats/compare/similar_schools.py; so is TOTPUPS 0 of a school DfE flags closed
-- (ICLOSE = 1: it had pupils that year, the roll is 0 after closure). Phase as GIAS has it
-- (Primary or All-through, as FBIT compares within phase); 'Primary' for a school not in GIAS.

with schools as (
    select * from {{ ref('int_education__schools') }}
    where comparison_type = 'school_primary'
),

ks2 as (
    select * from {{ ref('stg_dfe__ks2_results') }}
    where rectype in (1, 2)
),

latest_ks2 as (
    select * from ks2
    where academic_year = (select max(all_years.academic_year) from ks2 as all_years)
),

gias as (
    select * from {{ ref('stg_gias__establishments') }}
)

select
    schools.organisation_code,
    schools.phase,
    schools.region_code as region,
    latest_ks2.academic_year as ks2_year,
    case when not (latest_ks2.is_closed_flag and latest_ks2.totpups = 0)
            then latest_ks2.totpups
    end as pupils,
    gias.percentage_fsm as fsm_pct,
    coalesce(
        latest_ks2.psenelek,
        100 * (latest_ks2.tsenelse + latest_ks2.tsenelapk) / nullif(latest_ks2.telig, 0)
    ) as sen_pct,
    case
        when latest_ks2.psenelek is not null then 'PSENELEK'
        when latest_ks2.tsenelse + latest_ks2.tsenelapk is not null
            then '(TSENELSE + TSENELAPK) / TELIG'
    end as sen_basis
from schools
inner join latest_ks2 on schools.organisation_code = latest_ks2.urn
left join gias on schools.organisation_code = gias.urn
