{{ config(meta={'dagster': {'ref': {'name': 'int_justice__organisations'}}}) }}

-- Prison locations checked by hand against the published addresses and the ONS LAD23 list:
--   ACI Altcourse   estate list 'Higher Lane, Liverpool'                -> E08000012 Liverpool
--   ALI Albany      former prisons 'HMP Albany|55 Parkhurst Road|Newport|Isle of Wight', PO30
--                   5RS: Newport is also a Welsh district (W06000022), but the postcode is
--                   English                                              -> E06000046 Isle of Wight
--   DMI Durham      estate list 'Old Elvet, Durham' ('County Durham' read as 'Durham')
--                                                                        -> E06000047 County Durham
--   PVI Pentonville estate list 'Caledonian Road, London': no part is a district -> null
-- A row here is a prison whose derived location differs from the hand check.
with expected as (
    select * from (
        values
        ('ACI', 'E08000012'),
        ('ALI', 'E06000046'),
        ('DMI', 'E06000047'),
        ('PVI', null)
    ) as t (organisation_code, geography_code)
)

select
    expected.organisation_code,
    expected.geography_code as expected,
    prisons.geography_code
from expected
left join {{ ref('int_justice__organisations') }} as prisons
    on expected.organisation_code = prisons.organisation_code
    and prisons.organisation_type = 'prison'
where prisons.organisation_code is null
    or prisons.geography_code is distinct from expected.geography_code
