{#- A prison's name as a matching key, so that published tables' names ('Altcourse',
    'Mount, The', 'HMP/YOI Altcourse') meet the NOMIS map's ('ALTCOURSE (HMP)'): upper case,
    'X, The' -> 'THE X', no trailing '(HMP ...)', no leading HMP / HMP/YOI / HMYOI / YOI / HMIRC,
    no trailing ' HMP/YOI', ' IMMIGRATION REMOVAL CENTRE' or ' FEMALE HMP' (as
    int_justice__organisations matches the estate list), single spaces, '&' as AND. -#}
{% macro prison_name_key(expr) -%}
    trim(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
        replace(upper(regexp_replace(trim({{ expr }}), '^(.*), [Tt]he$', 'The \1')), '&', 'AND'),
        '\s*\(.*\)$', ''),
        '^(HMP/YOI|HMP AND YOI|HMYOI|HMIRC|HMP|YOI)\s+', ''),
        '\s+(HMP/YOI|IMMIGRATION REMOVAL CENTRE|FEMALE HMP)$', ''),
        '\s+', ' ', 'g'),
        '^\s+|\s+$', '', 'g'))
{%- endmacro %}

{#- 'Jan-Mar 2022' (a three-month proven reoffending cohort) -> 'Q2022-1', the dim_period key;
    null for any other text. -#}
{% macro reoffending_cohort_period_key(expr) -%}
    case
        when regexp_matches(trim({{ expr }}), '^(Jan-Mar|Apr-Jun|Jul-Sep|Oct-Dec) [0-9]{4}$')
            then 'Q' || right(trim({{ expr }}), 4) || '-'
                || cast(
                    (list_position(['Jan', 'Apr', 'Jul', 'Oct'], left(trim({{ expr }}), 3)))
                    as varchar)
    end
{%- endmacro %}

{#- A prison function as a code: 'Male open Category D' -> 'male_open_category_d'. One rule for
    the estate list's predominant function (dim_organisation's subtype) and the ratings tables'
    functional group, so that a published rating meets its prison's comparison group. -#}
{% macro prison_function_code(expr) -%}
    trim(regexp_replace(lower(trim({{ expr }})), '[^a-z0-9]+', '_', 'g'), '_')
{%- endmacro %}
