{#- Frontline indicator code of a LAIT measure code (Measure_short): 'dfe_lait__' and the code in
    lower snake case, with '%' -> pct, '&' -> and, '<' -> lt so that codes differing only by those
    stay distinct ('LAC_ceased_SGO' and 'LAC_ceased_SGO%'; 'Hosp_Adm_Alc_<18yrs'). -#}
{% macro lait_indicator_code(expr) -%}
    'dfe_lait__' || trim(regexp_replace(lower(
        replace(replace(replace(trim({{ expr }}), '%', '_pct_'), '&', '_and_'), '<', '_lt_')
    ), '[^0-9a-z]+', '_', 'g'), '_')
{%- endmacro %}

{#- The LAIT measures Frontline publishes (registry rows and values): var `dfe_lait_measures`, a
    list of LAIT measure codes, or 'all' for every measure with values. The default is a headline
    set, one or two per LAIT theme, because every value goes through the comparison engine against
    every peer set of upper-tier councils (about 540 peers per council): all 434 measures over
    ten years would be some 500,000 council values and over 250 million peer pairs. -#}
{% macro lait_published_measures() -%}
    {%- set headline = [
        'AVG_Attain8_Score', 'AVG_Prog8_Score', 'KS2RWM_Expected_STD', 'FSP_NEW_GOODDEV',
        'KS1P_all', 'TotPerAbNew', 'ReReferral', 'CareLeaversNEET', 'Work_Force_TO_Rate',
        'SEN_EHC_Excpt_20wks', 'LAC'] -%}
    {{ return(var('dfe_lait_measures', headline)) }}
{%- endmacro %}

{#- SQL condition: `expr` (a LAIT measure code) is one Frontline publishes. -#}
{% macro lait_is_published_measure(expr) -%}
    {%- set measures = lait_published_measures() -%}
    {%- if measures == 'all' -%}
        true
    {%- else -%}
        trim({{ expr }}) in ({% for code in measures %}'{{ code }}'{{ ', ' if not loop.last }}{% endfor %})
    {%- endif -%}
{%- endmacro %}
