-- Police spending per head of population and per police officer, per English force area and
-- financial year, in pounds, from two returns: the RA budget (line 601, int_police__pcc_finance:
-- police_net_revenue_expenditure_*) and the RS outturn (line 601, int_police__pcc_outturn:
-- police_net_current_expenditure_*__outturn). Cost alone is context, not performance: the
-- registry gives these no polarity.
--   per head:    1000 x spend (GBP thousand) / MYE4 mid-year population of the PFA in the year
--                the financial year starts (mid-2021 for 2021-22), as int_police__area_populations
--                sums it from districts;
--   per officer: 1000 x spend / police officer FTE at 31 March at the end of the financial year
--                (31 March 2022 for 2021-22), as int_police__officer_workforce sums it.
-- Numerators are in pounds so that the peer weighted average sum(spend) / sum(denominator) is
-- in the indicator's unit. Welsh forces are absent (the RA and RS cover England only). The City of
-- London's per-head figure divides by a resident population of under 10,000 (its police serve a
-- large daytime population), so it is far above every other force's.

with finance as (
    select
        'police_net_revenue_expenditure_per' as indicator_stem,
        '' as indicator_suffix,
        'police services not returned in the RA budget' as not_returned,
        pfa_code,
        financial_year,
        period_key,
        police_net_revenue_expenditure as spend_thousands,
        source_file,
        source_sheet,
        source_row_number
    from {{ ref('int_police__pcc_finance') }}
    union all
    select
        'police_net_current_expenditure_per' as indicator_stem,
        '__outturn' as indicator_suffix,
        'police services not returned in the RS outturn' as not_returned,
        pfa_code,
        financial_year,
        period_key,
        police_net_current_expenditure as spend_thousands,
        source_file,
        source_sheet,
        source_row_number
    from {{ ref('int_police__pcc_outturn') }}
),

populations as (
    select
        area_code,
        mid_year,
        population
    from {{ ref('int_police__area_populations') }}
    where population_series = 'mye4'
),

officers as (
    select
        force_code,
        as_at_year,
        officer_fte
    from {{ ref('int_police__officer_workforce') }}
),

joined as (
    select
        finance.*,
        cast(populations.population as double) as population,
        officers.officer_fte,
        1000 * finance.spend_thousands as spend_pounds
    from finance
    left join populations
        on finance.pfa_code = populations.area_code
        and populations.mid_year = cast(substring(finance.financial_year, 1, 4) as integer)
    left join officers
        on finance.pfa_code = officers.force_code
        and officers.as_at_year = cast(substring(finance.financial_year, 1, 4) as integer) + 1
),

per_head as (
    select
        indicator_stem || '_head' || indicator_suffix as indicator_code,
        period_key,
        pfa_code as geography_code,
        pfa_code as organisation_code,
        spend_pounds as numerator,
        population as denominator,
        {{ safe_divide('spend_pounds', 'population') }} as value,
        case when spend_pounds is null or population is null then 'x' end as status_symbol,
        case
            when spend_pounds is null then not_returned
            when population is null then 'no mid-year population for this force area'
        end as status_reason,
        case when spend_pounds is null then 'missing' else 'complete' end as coverage,
        source_file,
        source_sheet,
        source_row_number
    from joined
),

per_officer as (
    select
        indicator_stem || '_officer' || indicator_suffix as indicator_code,
        period_key,
        pfa_code as geography_code,
        pfa_code as organisation_code,
        spend_pounds as numerator,
        officer_fte as denominator,
        {{ safe_divide('spend_pounds', 'officer_fte') }} as value,
        case when spend_pounds is null or officer_fte is null then 'x' end as status_symbol,
        case
            when spend_pounds is null then not_returned
            when officer_fte is null then 'no police officer FTE at 31 March for this force'
        end as status_reason,
        case when spend_pounds is null then 'missing' else 'complete' end as coverage,
        source_file,
        source_sheet,
        source_row_number
    from joined
)

select * from per_head
union all
select * from per_officer
