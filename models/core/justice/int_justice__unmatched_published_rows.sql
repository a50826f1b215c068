-- Quarantine: published prison ratings, measure and reoffending rows that could not be given an
-- organisation (name not matched to a NOMIS code or NPS division) or a period, with the reason.
-- Kept for review; never in fct_indicator_value.
select
    table_kind,
    published_name,
    period_key,
    match_problem as reason,
    source_file,
    source_sheet,
    source_row_number
from {{ ref('int_justice__published_prison_rows') }}
where match_problem is not null
