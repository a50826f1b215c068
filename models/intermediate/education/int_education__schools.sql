-- Schools as organisations (listed in dim_organisation's sector_organisations): every school in
-- the GIAS extract (7 May 2021) or in a KS2 performance-table file (2016-17 to 2018-19), plus
-- any converter academy a KS2 record names (URN_AC) that is in neither. One row per URN.
--
-- Code: the URN as text. Name: GIAS, else the school's latest KS2 record, else SCHNAME_AC.
-- Type: GIAS type group and phase; a school only in the KS2 files is typed from its latest
-- record (RECTYPE 1 -> phase 'Primary', 2 -> 'Special'; NFTYPE -> school type). Geography: the
-- LA's GSS code (850 -> E10000014 Hampshire, 936 -> E10000030 Surrey, through the DfE
-- register). registry_code: DfE number (LA number + establishment number, e.g. '8502000').
--
-- Converter academies: the latest KS2 record of a school naming URN_AC / OPEN_AC links it to its
-- academy: successor = the academy's URN, valid_to = the day before OPEN_AC; the academy's
-- valid_from = OPEN_AC. Only the latest record counts, because DfE's later files drop planned
-- conversions that did not happen (e.g. 124971 named academy 146445 in 2017-18, not in 2018-19;
-- it is still open in GIAS 2021).
--
-- What the shipped extract does NOT give, so it stays null here: opening and closing dates of
-- any school other than converter academies (GIAS columns chosen at download carry no dates and
-- no status; KS2 ICLOSE is a closed flag without a date); links for sponsored academies and
-- re-openings (DfE's URN_AC covers converters only: Chart Wood School 125457, closed in 2018-19,
-- and Chart Wood School 146527, new that year, are not linked); special schools' and closed
-- schools' GIAS details (the extract lists open primary and all-through schools only).
--
-- comparison_type: 'school_primary' for a school whose latest KS2 record is a mainstream school
-- (RECTYPE 1). Special schools (RECTYPE 2) are typed but never compared (null): their cohorts
-- are small (most below 20 pupils), almost none reach the expected standard by design of the
-- measure, and DfE's own headline comparisons and similar-school sets leave them out. Schools
-- with no KS2 record (infant schools, academies opened after 2018-19) are typed, not compared.

with gias as (
    select * from {{ ref('stg_gias__establishments') }}
),

ks2_schools as (
    select * from {{ ref('stg_dfe__ks2_results') }}
    where rectype in (1, 2)
),

latest_ks2 as (
    select * from ks2_schools
    qualify row_number() over (partition by urn order by academic_year desc, source_file asc) = 1
),

ks2_years as (
    select
        urn,
        min(academic_year) as first_ks2_year,
        max(academic_year) as latest_ks2_year
    from ks2_schools
    group by urn
),

conversions as (
    -- the latest statement of each school that DfE says converted (or will convert)
    select
        urn as predecessor_urn,
        converter_academy_urn as academy_urn,
        converter_academy_name as academy_name,
        converter_academy_open_date as academy_open_date,
        la_number
    from latest_ks2
    where converter_academy_urn is not null
),

local_authorities as (
    select * from {{ ref('int_education__local_authorities') }}
),

all_urns as (
    select urn from gias
    union
    select urn from latest_ks2
    union
    select academy_urn from conversions
),

school_types as (
    -- DfE performance-table school type codes (NFTYPE)
    select * from (
        values
        ('AC', 'Academy sponsor led'),
        ('ACC', 'Academy converter'),
        ('ACS', 'Academy special sponsor led'),
        ('ACCS', 'Academy special converter'),
        ('CY', 'Community school'),
        ('CYS', 'Community special school'),
        ('F', 'Free school'),
        ('FD', 'Foundation school'),
        ('FDS', 'Foundation special school'),
        ('VA', 'Voluntary aided school'),
        ('VC', 'Voluntary controlled school')
    ) as t (school_type_code, school_type_name)
),

assembled as (
    select
        all_urns.urn,
        coalesce(gias.establishment_name, latest_ks2.school_name, becomes.academy_name)
            as school_name,
        coalesce(gias.la_number, latest_ks2.la_number, becomes.la_number) as la_number,
        coalesce(gias.establishment_number, latest_ks2.establishment_number)
            as establishment_number,
        coalesce(
            gias.phase_of_education,
            case latest_ks2.rectype when 1 then 'Primary' when 2 then 'Special' end,
            case predecessor.rectype when 1 then 'Primary' when 2 then 'Special' end
        ) as phase,
        latest_ks2.school_type_code,
        coalesce(
            gias.establishment_type_group,
            school_types.school_type_name,
            latest_ks2.school_type_code,
            case when becomes.academy_urn is not null then 'Academy converter' end
        ) as school_type,
        latest_ks2.rectype as latest_ks2_rectype,
        ks2_years.first_ks2_year,
        ks2_years.latest_ks2_year,
        gias.urn is not null as is_in_gias_extract,
        latest_ks2.is_closed_flag as is_closed_in_latest_ks2,
        becomes.academy_open_date as valid_from,
        converts.academy_open_date - interval 1 day as valid_to,
        converts.academy_urn as successor_organisation_code,
        case
            when gias.urn is not null then 'GIAS extract 2021-05-07'
            when latest_ks2.urn is not null
                then 'KS2 performance tables ' || latest_ks2.academic_year
            else 'KS2 converter academy columns (URN_AC, SCHNAME_AC, OPEN_AC)'
        end as described_from
    from all_urns
    left join gias on all_urns.urn = gias.urn
    left join latest_ks2 on all_urns.urn = latest_ks2.urn
    left join ks2_years on all_urns.urn = ks2_years.urn
    left join school_types on latest_ks2.school_type_code = school_types.school_type_code
    left join conversions as converts on all_urns.urn = converts.predecessor_urn
    left join conversions as becomes on all_urns.urn = becomes.academy_urn
    left join latest_ks2 as predecessor on becomes.predecessor_urn = predecessor.urn
)

select
    assembled.urn as organisation_code,
    assembled.school_name as organisation_name,
    'school' as organisation_type,
    assembled.phase || ': ' || assembled.school_type as organisation_subtype,
    local_authorities.la_code as geography_code,
    assembled.la_number || assembled.establishment_number as registry_code,
    cast(assembled.valid_from as date) as valid_from,
    cast(assembled.valid_to as date) as valid_to,
    assembled.successor_organisation_code,
    case when assembled.latest_ks2_rectype = 1 then 'school_primary' end as comparison_type,
    -- beyond dim_organisation's columns
    assembled.phase,
    assembled.school_type,
    assembled.school_type_code,
    assembled.la_number,
    local_authorities.la_name,
    local_authorities.region_code,
    assembled.latest_ks2_rectype,
    assembled.first_ks2_year,
    assembled.latest_ks2_year,
    assembled.is_in_gias_extract,
    coalesce(assembled.is_closed_in_latest_ks2, false) as is_closed_in_latest_ks2,
    assembled.described_from
from assembled
left join local_authorities on assembled.la_number = local_authorities.la_number
