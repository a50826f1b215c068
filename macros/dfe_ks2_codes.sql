{#- DfE performance-table cells arrive as printed text: numbers ('66%', '-0.4', '14040') or a
    code. These macros give the number, the GSS status symbol for a code and the DfE meaning of
    the code (kept as the reason). Codes in the shipped KS2 files: SUPP, NA, LOWCOV, NEW and
    blanks; NE and NP, DfE's other performance-table codes, are mapped for later files.
    Where the meanings come from: SUPP = "suppressed", DfE publishing no result for a cohort of
    5 or fewer (stated by schools quoting the tables, e.g. "where you see SUPP this stands for
    suppressed ... not to publish results data for groups of fewer than 6"; confirmed by the
    files: every SUPP school row has TELIG 1-5, every published one TELIG 6 or more, see
    tests/dbt/assert_ks2_suppression_threshold_holds.sql); column meanings (TELIG, READCOV, ...)
    from DfE's KS2 metadata file (ks2_meta.csv, 'Label/Description'). NA, NEW, LOWCOV, NE, NP:
    DfE's labels (not applicable, new school, low coverage, no entries, not published); no DfE
    key to symbols was found to quote, so the reasons say what the code marks in these files.
    `no_cohort` is a SQL condition that is true when the record has no pupil eligible for KS2
    assessment (its blanks are then 'not applicable', not 'not available'). -#}

{% macro dfe_ks2_number(expr) -%}
    {{ published_number("replace(" ~ expr ~ ", '%', '')") }}
{%- endmacro %}

{% macro dfe_ks2_status_symbol(expr, no_cohort='false') -%}
    case
        when {{ dfe_ks2_number(expr) }} is not null then null
        when upper(trim({{ expr }})) = 'SUPP' then 'c'
        when upper(trim({{ expr }})) = 'LOWCOV' then 'u'
        when upper(trim({{ expr }})) in ('NA', 'NE') then 'z'
        when upper(trim({{ expr }})) in ('NP', 'NEW') then 'x'
        when coalesce(trim({{ expr }}), '') = '' and ({{ no_cohort }}) then 'z'
        else 'x'
    end
{%- endmacro %}

{% macro dfe_ks2_status_reason(expr, no_cohort='false') -%}
    case
        when {{ dfe_ks2_number(expr) }} is not null then null
        when upper(trim({{ expr }})) = 'SUPP'
            then 'SUPP: suppressed by DfE to protect pupil confidentiality (small cohort: '
                || 'DfE publishes no result for 5 or fewer pupils)'
        when upper(trim({{ expr }})) = 'LOWCOV'
            then 'LOWCOV: progress score not published by DfE because coverage was low (too '
                || 'few of the cohort had key stage 1 results to be included in the measure)'
        when upper(trim({{ expr }})) = 'NA'
            then 'NA: not applicable, DfE calculated no figure (e.g. no pupil had the results '
                || 'the measure needs)'
        when upper(trim({{ expr }})) = 'NE' then 'NE: no pupils entered (DfE)'
        when upper(trim({{ expr }})) = 'NP' then 'NP: not published by DfE'
        when upper(trim({{ expr }})) = 'NEW'
            then 'NEW: new school, DfE has no figure for it yet'
        when coalesce(trim({{ expr }}), '') = '' and ({{ no_cohort }})
            then 'blank in the DfE file: no pupils eligible for key stage 2 assessment'
        when coalesce(trim({{ expr }}), '') = ''
            then 'blank in the DfE file: not given'
        else 'unrecognised DfE code ' || trim({{ expr }})
    end
{%- endmacro %}

{#- True when the text is neither a number nor a known code (a dbt test keeps this empty). -#}
{% macro dfe_ks2_is_unknown_code(expr) -%}
    (
        {{ dfe_ks2_number(expr) }} is null
        and coalesce(trim({{ expr }}), '') <> ''
        and upper(trim({{ expr }})) not in ('SUPP', 'LOWCOV', 'NA', 'NE', 'NP', 'NEW')
    )
{%- endmacro %}
