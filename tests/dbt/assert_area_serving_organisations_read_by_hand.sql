-- The organisations serving two areas, outside schools, worked by hand from the shipped files:
-- Surrey (E10000030): the county council, Surrey Police (E23000031 in the ONS LAD23-PFA23
-- lookup) and the Royal Surrey NHS FT (RA2: ODS post town GUILDFORD, a Surrey district);
-- Manchester (E08000003): the city council, Greater Manchester Police (E23000005) and the three
-- trusts whose ODS post town is MANCHESTER (R0A Manchester University, RBV The Christie, RXV
-- Greater Manchester Mental Health); prisons, from the 2016 estate list's address: Surrey has
-- Coldingley ('Shaftesbury Road, Bisley, Woking') and Send ('Ripley Road, Send, Woking'),
-- Woking being a Surrey district; Manchester has Manchester ('Southhall Street, Manchester') and
-- Forest Bank ('Forest Bank, Swinton, Manchester': Swinton is in Salford, but the post town is
-- Manchester - the location is the post town's district, not a boundary test).
-- Returns every difference either way.
with expected as (
    select * from (
        values
        ('E10000030', 'E10000030', 'council'),
        ('E10000030', 'E23000031', 'police force'),
        ('E10000030', 'RA2', 'NHS trust'),
        ('E10000030', 'CLI', 'prison'),
        ('E10000030', 'SDI', 'prison'),
        ('E08000003', 'E08000003', 'council'),
        ('E08000003', 'E23000005', 'police force'),
        ('E08000003', 'R0A', 'NHS trust'),
        ('E08000003', 'RBV', 'NHS trust'),
        ('E08000003', 'RXV', 'NHS trust'),
        ('E08000003', 'MRI', 'prison'),
        ('E08000003', 'FBI', 'prison')
    ) as t (area_code, organisation_code, role)
),

actual as (
    select
        area_code,
        organisation_code,
        role
    from {{ ref('int_area__serving_organisations') }}
    where area_code in ('E10000030', 'E08000003') and role <> 'school'
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
