-- Net current expenditure by service per financial year on today's (2023) council boundaries:
-- each council's figures as published, plus those of the councils it replaced (2019-2023
-- reorganisations, from int_geography__code_successions) summed into it. Summing by service
-- line is what makes the two tiers add up: a county's line holds what the county spent on it
-- (e.g. waste disposal) and each district's what it spent (waste collection).
-- A county split between several successors (Northamptonshire, Cumbria) cannot go whole to
-- one: each successor takes the county's line times its MYE4 population share among the
-- county's successors (mid-year of the year the financial year starts). MYE4 is on 2023
-- boundaries, so a successor's population is the sum of the districts it took over. Chosen
-- over leaving the county out so that nothing is dropped; split_predecessor_treatment and
-- boundary_label say so on every row it touches.
-- Councils only (class O bodies - police, fire, ... - are not on council boundaries).
with published as (
    select * from {{ ref('int_local_gov__service_net_current_expenditure') }}
    where is_council
),

successions as (
    select * from {{ ref('int_geography__code_successions') }}
),

-- a code the register does not know but the council itself dropped (North Yorkshire county is
-- E10000022 in the 2018-19 RS, E10000023 from 2019-20): the code its MHCLG e_code carries in
-- its last published year
latest_code as (
    select
        e_code,
        max_by(ons_code, financial_year) as ons_code
    from published
    group by e_code
),

spend as (
    select
        published.* replace (
            case
                when successions.abolished_code is null then latest_code.ons_code
                else published.ons_code
            end as ons_code
        ),
        published.ons_code as ons_code_as_published
    from published
    left join successions on published.ons_code = successions.abolished_code
    inner join latest_code on published.e_code = latest_code.e_code
),

authorities as (
    select
        registry_code,
        gss_code,
        replaced_by_registry_codes
    from {{ ref('stg_mysociety__local_authorities') }}
),

population as (
    select
        area_code,
        mid_year,
        population
    from {{ ref('stg_ons__mye4_population') }}
),

-- the register lists a split county's successors as 'NNT,WNT'; match without list functions
split_successors as (
    select
        successions.abolished_code,
        coalesce(later.current_successor_code, successor.gss_code) as successor_code
    from successions
    inner join authorities as abolished on successions.abolished_code = abolished.gss_code
    inner join authorities as successor
        on ',' || replace(abolished.replaced_by_registry_codes, ' ', '') || ','
        like '%,' || successor.registry_code || ',%'
    left join successions as later on successor.gss_code = later.abolished_code
    where successions.is_split and successions.change_type = 'abolished'
),

split_shares as (
    select
        split_successors.abolished_code,
        population.mid_year,
        split_successors.successor_code,
        population.population
        / sum(population.population) over (
            partition by split_successors.abolished_code, population.mid_year
        ) as population_share
    from split_successors
    inner join population on split_successors.successor_code = population.area_code
),

whole as (
    select
        spend.*,
        coalesce(successions.current_successor_code, spend.ons_code) as geography_code,
        1.0 as share
    from spend
    left join successions on spend.ons_code = successions.abolished_code
    where not coalesce(successions.is_split, false)
),

apportioned as (
    select
        spend.*,
        split_shares.successor_code as geography_code,
        split_shares.population_share as share
    from spend
    inner join successions
        on spend.ons_code = successions.abolished_code and successions.is_split
    inner join split_shares
        on spend.ons_code = split_shares.abolished_code
        and split_shares.mid_year = cast(left(spend.financial_year, 4) as integer)
),

contributions as (
    select * from whole
    union all
    select * from apportioned
),

aggregated as (
    select
        financial_year,
        period_key,
        geography_code,
        ro_line,
        any_value(service_name) as service_name,
        case
            when count(net_current_expenditure_gbp_thousand) = count(*)
                then {{ exact_sum('net_current_expenditure_gbp_thousand * share') }}
        end as net_current_expenditure_gbp_thousand,
        count(*) as contributing_councils,
        count(*) filter (where ons_code_as_published <> geography_code) as predecessor_count,
        string_agg(ons_code_as_published, ', ' order by ons_code_as_published)
        filter (where ons_code_as_published <> geography_code) as predecessor_codes,
        max(case when share < 1 then ons_code_as_published end) as apportioned_predecessor_code,
        max(case when share < 1 then share end) as apportioned_share,
        min(source_file) as source_file,
        min(source_sheet) as source_sheet,
        case when count(*) = 1 then min(source_row_number) end as source_row_number
    from contributions
    group by financial_year, period_key, geography_code, ro_line
)

select
    -- ids
    financial_year,
    period_key,
    geography_code,
    ro_line,
    -- dimensions
    service_name,
    case
        when predecessor_count = 0 then 'as_published'
        when apportioned_predecessor_code is null then 'aggregated_from_predecessors'
        else 'aggregated_with_apportionment'
    end as boundary_basis,
    case
        when predecessor_count = 0 then 'as published'
        else 'aggregated from predecessors: ' || predecessor_codes
            || coalesce(
                ' (' || apportioned_predecessor_code || ' apportioned by MYE4 mid-'
                || left(financial_year, 4) || ' population share '
                || cast(round(apportioned_share, 4) as varchar) || ')',
                ''
            )
    end as boundary_label,
    case
        when apportioned_predecessor_code is null then 'none'
        else 'apportioned_by_population_share'
    end as split_predecessor_treatment,
    predecessor_codes,
    predecessor_count,
    contributing_councils,
    apportioned_predecessor_code,
    apportioned_share,
    -- measures
    net_current_expenditure_gbp_thousand,
    case when net_current_expenditure_gbp_thousand is null then 'x' end as status_symbol,
    -- lineage
    source_file,
    source_sheet,
    source_row_number
from aggregated
