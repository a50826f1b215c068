{#- GSS status symbol of a cell in an MoJ / HMPPS statistics table: MoJ prints '*' for a figure
    suppressed to protect a small cohort (GSS 'c'); every other code as published_status_symbol
    reads it. -#}
{% macro moj_status_symbol(col) -%}
    case when trim({{ col }}) = '*' then 'c' else {{ published_status_symbol(col) }} end
{%- endmacro %}

{#- The measure and lineage columns shared by MoJ's proven reoffending tables (by prison, Table_C1,
    and by probation region, Table_C2: one published layout): counts and rates typed, rates in
    percent as published, '*' read as suppressed. -#}
{% macro proven_reoffending_measures() -%}
        {{ published_number('number_of_offenders') }} as offenders,
        {{ published_number('number_of_reoffenders') }} as reoffenders,
        {{ published_number('number_of_reoffences') }} as reoffences,
        {{ published_number('proportion_of_offenders_who_reoffend') }} as reoffending_rate_percent,
        {{ published_number('average_number_of_reoffences_per_reoffender') }}
            as reoffences_per_reoffender,
        {{ published_number('predicted_proportion_of_offenders_who_reoffend') }}
            as predicted_rate_percent,
        {{ published_number('difference_between_actual_and_predicted_percentage_points') }}
            as difference_percentage_points,
        {{ moj_status_symbol('number_of_reoffenders') }} as reoffenders_status_symbol,
        {{ moj_status_symbol('predicted_proportion_of_offenders_who_reoffend') }}
            as predicted_rate_status_symbol,
        synthetic_file = 'true' as is_synthetic,
        -- lineage
        _source_file as source_file,
        _sheet as source_sheet,
        _row_number as source_row_number
{%- endmacro %}
