{{ config(meta={'dagster': {'ref': {'name': 'stg_dfe__ks2_results'}}}) }}

-- Every cell of the KS2 fields Frontline reads is a number or a DfE code it maps to a GSS symbol
-- (SUPP, NA, NE, NP, NEW, LOWCOV, blank). A new code must be given a meaning before it lands.
select
    source_file,
    source_row_number,
    urn,
    unknown_codes
from {{ ref('stg_dfe__ks2_results') }}
where unknown_codes is not null
