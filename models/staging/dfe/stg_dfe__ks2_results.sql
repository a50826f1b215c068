{#- One row per record of the DfE KS2 performance tables (school, LA or England, per academic
    year), pivoted from the long raw table. A column a year's file does not have, or a trailing
    cell DfE did not print, reads as blank. Every numeric field comes as the number (percentages
    stay in percent, as published), the GSS status symbol of a published code and the code's
    DfE meaning (macros/dfe_ks2_codes.sql). -#}

{%- set text_fields = {
    'SCHNAME': 'school_name',
    'ESTAB': 'establishment_number',
    'NFTYPE': 'school_type_code',
    'RELDENOM': 'religious_denomination',
    'AGERANGE': 'age_range',
    'ICLOSE': 'closed_flag',
    'URN_AC': 'converter_academy_urn',
    'SCHNAME_AC': 'converter_academy_name',
    'OPEN_AC': 'converter_academy_open_date',
} %}
{#- text fields read apart below: a flag, a URN and a date -#}
{%- set text_fields_read_apart = ['URN_AC', 'OPEN_AC', 'ICLOSE'] %}
{#- numbers with a status symbol and reason each -#}
{%- set coded_fields = [
    'TOTPUPS', 'TELIG',
    'PTRWM_EXP', 'PTRWM_HIGH',
    'READPROG', 'WRITPROG', 'MATPROG',
    'READCOV', 'WRITCOV', 'MATCOV',
    'TFSM6CLA1A', 'PTFSM6CLA1A',
    'TSENELEK', 'PSENELEK', 'TSENELSE', 'PSENELSE', 'TSENELAPK', 'PSENELSAPK',
] %}
{#- confidence limits: numbers only (their codes repeat the score's) -#}
{%- set plain_fields = [
    'READPROG_LOWER', 'READPROG_UPPER',
    'WRITPROG_LOWER', 'WRITPROG_UPPER',
    'MATPROG_LOWER', 'MATPROG_UPPER',
] %}
{%- set all_fields = text_fields.keys() | list + coded_fields + plain_fields %}

with source as (
    select * from {{ source('raw', 'dfe_ks2_performance_tables') }}
),

records as (
    select
        _source_file,
        _row_number,
        academic_year,
        la_number,
        rectype,
        urn,
        {%- for field in all_fields %}
            max(value) filter (where column_name = '{{ field }}') as "{{ field }}",
        {%- endfor %}
        lea
    from source
    group by _source_file, _row_number, academic_year, la_number, rectype, urn, lea
),

flagged as (
    select
        *,
        -- a school record with no pupil eligible for KS2 assessment: its blanks are 'not
        -- applicable' (DfE stops printing such a record after TPUPYEAR)
        (
            trim(rectype) in ('1', '2')
            and coalesce({{ dfe_ks2_number('"TELIG"') }}, 0) = 0
        ) as has_no_eligible_pupils
    from records
),

renamed as (
    select
        -- ids
        cast(trim(rectype) as integer) as rectype,
        nullif(trim(urn), '') as urn,
        trim(la_number) as la_number,
        -- dimensions
        trim(academic_year) as academic_year,
        'AY' || trim(academic_year) as period_key,
        case trim(rectype)
            when '1' then 'mainstream school'
            when '2' then 'special school'
            when '3' then 'local authority'
            when '4' then 'England (RECTYPE 4: all schools)'
            when '5' then 'England (RECTYPE 5)'
        end as record_type,
        {%- for field, name in text_fields.items() if field not in text_fields_read_apart %}
            nullif(trim("{{ field }}"), '') as {{ name }},
        {%- endfor %}
        trim("ICLOSE") = '1' as is_closed_flag,
        -- converter academies: URN_AC '0' or blank = none
        case when trim("URN_AC") not in ('', '0') then trim("URN_AC") end as converter_academy_urn,
        cast(try_strptime(nullif(trim("OPEN_AC"), '0'), '%Y%m%d') as date)
            as converter_academy_open_date,
        has_no_eligible_pupils,
        -- measures: number, GSS symbol, DfE meaning of a code
        {%- for field in coded_fields %}
            {{ dfe_ks2_number('"' ~ field ~ '"') }} as {{ field | lower }},
            {{ dfe_ks2_status_symbol('"' ~ field ~ '"', 'has_no_eligible_pupils') }}
                as {{ field | lower }}_symbol,
            {{ dfe_ks2_status_reason('"' ~ field ~ '"', 'has_no_eligible_pupils') }}
                as {{ field | lower }}_reason,
        {%- endfor %}
        {%- for field in plain_fields %}
            {{ dfe_ks2_number('"' ~ field ~ '"') }} as {{ field | lower }},
        {%- endfor %}
        -- codes that are neither numbers nor known DfE codes (a test keeps this empty)
        nullif(concat_ws(
            '; ',
            {%- for field in coded_fields + plain_fields %}
                case
                    when {{ dfe_ks2_is_unknown_code('"' ~ field ~ '"') }}
                        then '{{ field }}=' || trim("{{ field }}")
                end{{ ',' if not loop.last }}
            {%- endfor %}
        ), '') as unknown_codes,
        -- lineage
        _source_file as source_file,
        _row_number as source_row_number
    from flagged
)

select * from renamed
