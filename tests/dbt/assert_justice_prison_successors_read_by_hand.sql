-- Closed prisons merged into an open one, worked by hand from the shipped lists' postcodes
-- (former_prisons.tsv against noms_prison_estate_list_2016.tsv): Blakenhurst B97 6QS, Brockhill
-- B97 6QS and Hewell Grange B97 6QQ -> Hewell (B97 6QS); Albany PO30 5RS, Camp Hill PO30 5PB
-- and Parkhurst PO30 5NX -> Isle of Wight (PO30 5RS); Acklington NE65 9XF and Castington NE65
-- 9XG -> Northumberland (NE65 9XG); Wolds HU15 2JZ -> Humber (HU15 2JZ). No other prison has a
-- successor. Returns every difference either way.
with expected as (
    select * from (
        values
        ('BTI', 'HEI'), ('BKI', 'HEI'), ('HGI', 'HEI'),
        ('ALI', 'IWI'), ('CHI', 'IWI'), ('PKI', 'IWI'),
        ('AKI', 'NLI'), ('CSI', 'NLI'),
        ('WOI', 'HMI')
    ) as t (organisation_code, successor_organisation_code)
),

actual as (
    select
        organisation_code,
        successor_organisation_code
    from {{ ref('int_justice__organisations') }}
    where successor_organisation_code is not null
)

(
    select
        'missing' as problem,
        *
    from expected
    except
    select
        'missing' as problem,
        *
    from actual
)
union all
(
    select
        'unexpected' as problem,
        *
    from actual
    except
    select
        'unexpected' as problem,
        *
    from expected
)
