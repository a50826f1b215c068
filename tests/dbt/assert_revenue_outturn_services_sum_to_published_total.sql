-- Each authority's 13 service lines (RO 190..698) add up to its published TOTAL SERVICE
-- EXPENDITURE (line 699) within rounding: every cell is rounded to the GBP thousand, so the
-- sum may differ from the total by at most half a thousand per line. A total with no value
-- ('[x]', no return) must have no service values either. Returns the authority-years that fail.
with lines as (
    select
        financial_year,
        e_code,
        count(*) as service_lines,
        count(net_current_expenditure_gbp_thousand) as lines_with_value,
        sum(net_current_expenditure_gbp_thousand) as sum_of_services,
        any_value(total_service_expenditure_gbp_thousand) as published_total
    from {{ ref('int_local_gov__service_net_current_expenditure') }}
    group by financial_year, e_code
)

select *
from lines
where
    service_lines <> 13
    or (published_total is null and lines_with_value > 0)
    or (published_total is not null and lines_with_value <> service_lines)
    or abs(sum_of_services - published_total) > 0.5 * service_lines
