{#- One vocabulary for comparison types: the comparison_type a mart gives an organisation is the one
    dim_organisation gives it, so an analyst who joins the two on organisation_code never sees them
    disagree. Fails with every (organisation, comparison type) pair where they differ, dim's value
    beside the mart's. Organisations missing from dim_organisation are the relationships tests'
    business. With single_tier_councils_in_both_tiers, a single-tier council (dim:
    council_upper_tier, not a county) may also be listed as council_lower_tier: it is a district
    too, and rpt_peer_groups has the district sets. -#}
{% test comparison_type_matches_dim_organisation(
    model, column_name, organisation_column='organisation_code',
    single_tier_councils_in_both_tiers=false
) %}
with compared as (
    select distinct
        {{ organisation_column }} as organisation_code,
        {{ column_name }} as comparison_type
    from {{ model }}
    where {{ organisation_column }} is not null
        and {{ column_name }} is not null
)

select
    compared.organisation_code,
    compared.comparison_type,
    organisations.comparison_type as dim_organisation_comparison_type,
    organisations.organisation_type,
    organisations.organisation_subtype
from compared
inner join {{ ref('dim_organisation') }} as organisations
    on compared.organisation_code = organisations.organisation_code
where organisations.comparison_type is distinct from compared.comparison_type
    {%- if single_tier_councils_in_both_tiers %}
    and not (
        compared.comparison_type = 'council_lower_tier'
        and organisations.comparison_type = 'council_upper_tier'
        and organisations.organisation_type = 'local_authority'
        and organisations.organisation_subtype <> 'County'
    )
    {%- endif %}
{% endtest %}
