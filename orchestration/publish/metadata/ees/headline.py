"""The EES files of the headline marts: which files, and what each column is drawn from.

- ``marts.rpt_indicator_comparison`` is split by comparison type and period type (EES keeps
  one kind of time period, and one geographic level with its own code columns, per file):
  ``indicator_comparison_<comparison_type>_<period_type>``. Rows are organisation x period x
  indicator x peer set; the filters are the indicator (grouped by sector), the peer set, the
  quartile band, the funnel position and the direction on a year earlier; the indicators are the
  value, the peer median and the national value (each rounded to the row's indicator's
  ``decimal_places``: the columns mix indicators, so their ``indicator_dp`` is the largest of
  the file's indicators and their unit is the indicator's, named in the indicator filter) and
  the ranks and counts. Councils are EES ``Local authority`` (``new_la_code``, ``la_name``,
  ``old_la_code`` blank: the marts do not hold DfE's three-digit numbers), police forces
  ``Police force area``, schools ``School`` (URN, LAESTAB, their LA), NHS trusts and any other
  type ``Institution`` (``institution_id`` the organisation code).
- ``marts.rpt_police_recorded_crime``: ``police_recorded_crime``, every area level (England and
  Wales and each country ``National``, regions ``Regional``, forces ``Police force area``;
  British Transport Police, not an area, as a force with code ``z`` in Great Britain), offence
  group (grouped by its parent), counts, rates and change, rounded to the matching indicator's
  decimal places (``police_recorded_crimes__``, ``police_crime_rate__``,
  ``police_crime_change__`` + offence group).
- ``marts.rpt_police_report_card``: ``police_report_card``, per force: the crime rate, officers,
  crimes per officer and spend against the most similar forces, rounded as the report card's
  indicators (``frontline_stats.report_card``); the summary sentences stay in the CSV.

Year-ending periods are EES ``Reporting year`` (the year they end) with the ``rolling_year``
filter naming the quarter; the other period types map as ``layout.time_columns`` says.
"""

from __future__ import annotations

import duckdb

from frontline_stats import report_card
from orchestration.publish.metadata.ees.layout import (
    EesFile,
    Filter,
    Indicator,
    labelled,
    peer_set_label,
    rolling_year,
    sql_string,
    time_columns,
)

COMPARISON = "marts.rpt_indicator_comparison"
RECORDED_CRIME = "marts.rpt_police_recorded_crime"
REPORT_CARD = "marts.rpt_police_report_card"
NEEDS = ("marts.dim_period", "marts.dim_indicator", "marts.dim_organisation", "marts.dim_geography")

# the latest version of each organisation, and each area, as lookups
LOOKUPS = """
org as (
    select organisation_code, geography_code, registry_code
    from marts.dim_organisation
    qualify row_number() over (
        partition by organisation_code
        order by is_current desc nulls last, valid_from desc nulls last, organisation_key
    ) = 1
),
geo as (
    select geography_code, geography_name, country_code, region_code
    from marts.dim_geography
    qualify row_number() over (
        partition by geography_code order by is_current desc nulls last, valid_from desc nulls last
    ) = 1
)"""

# an English region's code and name (Welsh areas have none), of the area g's region rgn
REGION_COLUMNS = (
    ("region_code", "case when rgn.geography_code like 'E12%' then rgn.geography_code end"),
    ("region_name", "case when rgn.geography_code like 'E12%' then rgn.geography_name end"),
)
REGION = ", ".join(f"{expr} as {name}" for name, expr in REGION_COLUMNS)
COUNTRY = (
    "coalesce(g.country_code, 'x') as country_code, "
    "coalesce(ctry.geography_name, 'Not available') as country_name"
)

# comparison type -> (EES geographic level, its columns and their SQL over the comparison row
# c, its organisation o, its area g)
LEVELS: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "council_upper_tier": (
        "Local authority",
        (
            *REGION_COLUMNS,
            ("new_la_code", "c.organisation_code"),
            ("old_la_code", "cast(null as varchar)"),
            ("la_name", "c.organisation_name"),
        ),
    ),
    "police_force_area": (
        "Police force area",
        (
            *REGION_COLUMNS,
            ("pfa_code", "c.organisation_code"),
            ("pfa_name", "c.organisation_name"),
        ),
    ),
    "school_primary": (
        "School",
        (
            *REGION_COLUMNS,
            ("old_la_code", "left(o.registry_code, 3)"),
            ("new_la_code", "o.geography_code"),
            ("la_name", "g.geography_name"),
            ("school_urn", "c.organisation_code"),
            ("school_laestab", "o.registry_code"),
            ("school_name", "c.organisation_name"),
        ),
    ),
}
INSTITUTION = (
    "Institution",
    (("institution_id", "c.organisation_code"), ("institution_name", "c.organisation_name")),
)

FUNNEL_POSITION = (
    "case when c.funnel_method is null then 'No funnel plot' "
    "when c.outlier_flag = 'alarm' then 'Alarm: outside the 99.8% limits' "
    "when c.outlier_flag = 'alert' then 'Alert: outside the 95% limits' "
    "when c.outlier_flag = 'none' then 'Within the 95% limits' "
    "else coalesce(c.outlier_flag, 'Not assessed') end"
)
# the indicator's name, with its unit in brackets unless the name says it already
INDICATOR_WITH_UNIT = (
    "coalesce(c.indicator_name, c.indicator_code) || case when i.unit is null "
    "or contains(lower(coalesce(c.indicator_name, '')), lower(i.unit)) then '' "
    "else ' (' || i.unit || ')' end"
)
SECTOR = "coalesce(upper(left(i.sector, 1)) || replace(substr(i.sector, 2), '_', ' '), 'Other')"


def _exists(con: duckdb.DuckDBPyConnection, *tables: str) -> bool:
    wanted = {tuple(t.split(".")) for t in tables}
    present = {
        tuple(row)
        for row in con.execute(
            "select table_schema, table_name from information_schema.tables"
        ).fetchall()
    }
    return wanted <= present


def comparison_files(con: duckdb.DuckDBPyConnection) -> list[EesFile]:
    """One file per comparison type x period type of the comparison mart."""
    if not _exists(con, COMPARISON, *NEEDS):
        return []
    splits = con.execute(
        f"select distinct c.comparison_type, p.period_type from {COMPARISON} c "
        "join marts.dim_period p on p.period_key = c.period_key order by 1, 2"
    ).fetchall()
    return [_comparison_file(compared, period_type) for compared, period_type in splits]


def _comparison_file(comparison_type: str, period_type: str) -> EesFile:
    level, geography = LEVELS.get(comparison_type, INSTITUTION)
    year_ending = period_type == "year_ending"
    filters = [
        *(
            [Filter("rolling_year", "Year ending", "Filter by the quarter the year ends")]
            if year_ending
            else []
        ),
        Filter("indicator", "Indicator", "Filter by indicator", grouping_column="indicator_group"),
        Filter("peer_set", "Peer group", "Filter by the group of similar organisations compared"),
        Filter("quartile_band", "Quartile band", "A is the best quarter nationally, D the worst"),
        Filter("funnel_position", "Funnel plot position", "Against the funnel plot's limits"),
        Filter("direction_on_year_earlier", "Direction on a year earlier"),
    ]
    indicators = [
        Indicator("value", "Value", has_symbol=True, grouping="Organisation"),
        Indicator("peer_median", "Peer median", grouping="Peers"),
        Indicator("rank_among_peers", "Rank among peers", grouping="Peers"),
        Indicator("peer_count", "Peers compared", grouping="Peers"),
        Indicator("national_value", "National value", grouping="National"),
        Indicator("national_rank", "National rank", grouping="National"),
        Indicator("organisations_reporting", "Organisations reporting", grouping="National"),
    ]
    per_indicator = {"value", "peer_median", "national_value"}
    compared = sql_string(comparison_type)
    selected = [
        time_columns("p"),
        f"{sql_string(level)} as geographic_level",
        COUNTRY,
        *(f"{expr} as {name}" for name, expr in geography),
        *([f"{rolling_year('p')} as rolling_year"] if year_ending else []),
        f"{SECTOR} as indicator_group",
        f"{INDICATOR_WITH_UNIT} as indicator",
        f"{peer_set_label('c.peer_set_type')} || case when m.peer_set_type is null then '' "
        # several sets of one type (user-defined ones): told apart by the id's qualifier
        "else ' (' || replace(coalesce(nullif(split_part(c.peer_set_id, ':', 3), ''), "
        "c.peer_set_id), '_', ' ') || ')' "
        "end as peer_set",
        "coalesce(c.quartile_band, 'Not banded') as quartile_band",
        f"{FUNNEL_POSITION} as funnel_position",
        "coalesce(c.direction_vs_year_earlier, 'No comparison') as direction_on_year_earlier",
        *(
            f"c.{i.column} as {i.column}, "
            f"{'i.decimal_places' if i.column in per_indicator else '0'} as {i.column}__dp"
            for i in indicators
        ),
        "c.status_symbol as value__symbol",
    ]
    sql = f"""
with {LOOKUPS},
multi as (
    select peer_set_type from {COMPARISON} where comparison_type = {compared}
    group by peer_set_type having count(distinct peer_set_id) > 1
)
select {", ".join(selected)}
from {COMPARISON} c
join marts.dim_period p on p.period_key = c.period_key
left join marts.dim_indicator i on i.indicator_code = c.indicator_code
left join org o on o.organisation_code = c.organisation_code
left join geo g on g.geography_code = o.geography_code
left join geo ctry on ctry.geography_code = g.country_code
left join geo rgn on rgn.geography_code = g.region_code
left join multi m on m.peer_set_type = c.peer_set_type
where c.comparison_type = {compared} and p.period_type = {sql_string(period_type)}"""
    return EesFile(
        name=f"indicator_comparison_{comparison_type}_{period_type}",
        mart=COMPARISON,
        description=(
            f"Every indicator of each {comparison_type.replace('_', ' ')} against its peers and "
            f"nationally, {period_type.replace('_', ' ')} periods (from {COMPARISON})."
        ),
        base_sql=sql,
        geography=tuple(name for name, _ in geography),
        filters=tuple(filters),
        indicators=tuple(indicators),
    )


# area level of the recorded crime mart -> EES geographic level and the level's code and name
CRIME_LEVELS = {
    "country_group": "National",
    "country": "National",
    "region": "Regional",
    "police_force_area": "Police force area",
    "national_force": "Police force area",
}


def recorded_crime_files(con: duckdb.DuckDBPyConnection) -> list[EesFile]:
    if not _exists(con, RECORDED_CRIME, *NEEDS):
        return []
    level = labelled("r.area_level", CRIME_LEVELS, "'Institution'")
    is_level = "r.area_level in ('country', 'country_group')"
    ind = {
        "recorded_crimes": "police_recorded_crimes__",
        "crimes_per_1000_population": "police_crime_rate__",
        "percent_change_on_previous_year": "police_crime_change__",
    }
    indicators = (
        Indicator("recorded_crimes", "Recorded crimes", has_symbol=True),
        Indicator("population", "Population (mid-year estimate)"),
        Indicator("crimes_per_1000_population", "Crimes per 1,000 population"),
        Indicator("percent_change_on_previous_year", "Change on a year earlier", unit="%"),
    )
    joins = "\n".join(
        f"left join marts.dim_indicator {col} on {col}.indicator_code = "
        f"{sql_string(prefix)} || r.offence_group_code"
        for col, prefix in ind.items()
    )
    sql = f"""
with {LOOKUPS}
select
    {time_columns("p")},
    {level} as geographic_level,
    case when {is_level} then r.area_code
        when r.area_level = 'national_force' then 'K03000001'
        when r.area_level = 'region' then 'E92000001'
        else coalesce(g.country_code, 'x') end as country_code,
    case when {is_level} then coalesce(g.geography_name, r.area_name)
        when r.area_level = 'national_force' then 'Great Britain'
        when r.area_level = 'region' then 'England'
        else coalesce(ctry.geography_name, 'Not available') end as country_name,
    case when r.area_level = 'region' then r.area_code
        when r.area_level = 'police_force_area' and g.region_code like 'E12%' then g.region_code
        end as region_code,
    case when r.area_level = 'region' then r.area_name
        when r.area_level = 'police_force_area' and g.region_code like 'E12%'
        then rgn.geography_name end as region_name,
    case when r.area_level = 'police_force_area' then r.area_code
        when r.area_level = 'national_force' then 'z' end as pfa_code,
    case when r.area_level in ('police_force_area', 'national_force') then r.area_name
        end as pfa_name,
    {rolling_year("p")} as rolling_year,
    coalesce(parent.offence_group_name, r.offence_group_name) as offence_group_parent,
    r.offence_group_name as offence_group,
    coalesce(r.coverage, 'Not available') as coverage,
    r.recorded_crimes as recorded_crimes, recorded_crimes.decimal_places as recorded_crimes__dp,
    r.status_symbol as recorded_crimes__symbol,
    r.population as population, 0 as population__dp,
    r.crimes_per_1000_population as crimes_per_1000_population,
    crimes_per_1000_population.decimal_places as crimes_per_1000_population__dp,
    r.percent_change_on_previous_year as percent_change_on_previous_year,
    percent_change_on_previous_year.decimal_places as percent_change_on_previous_year__dp
from {RECORDED_CRIME} r
join marts.dim_period p on p.period_key = r.period_key
left join (
    select distinct offence_group_code, offence_group_name from {RECORDED_CRIME}
) parent on parent.offence_group_code = r.parent_offence_group_code
left join geo g on g.geography_code = r.area_code
left join geo ctry on ctry.geography_code = g.country_code
left join geo rgn on rgn.geography_code = g.region_code
{joins}"""
    return [
        EesFile(
            name="police_recorded_crime",
            mart=RECORDED_CRIME,
            description=(
                "Police recorded crime by area, year-ending quarter and offence group: counts, "
                f"rates per 1,000 population and change on a year earlier (from {RECORDED_CRIME})."
            ),
            base_sql=sql,
            geography=("region_code", "region_name", "pfa_code", "pfa_name"),
            filters=(
                Filter("rolling_year", "Year ending", "Filter by the quarter the year ends"),
                Filter(
                    "offence_group",
                    "Offence group",
                    "Filter by offence group",
                    grouping_column="offence_group_parent",
                ),
                Filter("coverage", "Coverage", "Whether every force reported"),
            ),
            indicators=indicators,
        )
    ]


# report card column -> the indicator whose decimal places it is rounded to, and its EES unit
CARD_COLUMNS: tuple[tuple[str, str, str | None, str], ...] = (
    ("crime_rate_per_1000", "Crime rate per 1,000 population", report_card.CRIME_RATE, ""),
    ("crime_rate_peer_median", "Crime rate: peer median", report_card.CRIME_RATE, ""),
    (
        "crime_rate_peer_weighted_average",
        "Crime rate: peer weighted average",
        report_card.CRIME_RATE,
        "",
    ),
    ("crime_rate_england_and_wales", "Crime rate: England and Wales", report_card.CRIME_RATE, ""),
    ("crime_rate_rank_among_peers", "Crime rate: rank among peers", None, ""),
    ("peers_compared", "Peers compared", None, ""),
    (
        "crime_change_percent_on_year_earlier",
        "Change in crime on a year earlier",
        report_card.CRIME_CHANGE,
        "%",
    ),
    ("officers_per_1000", "Officers per 1,000 population", report_card.OFFICERS, ""),
    ("officers_per_1000_peer_median", "Officers per 1,000: peer median", report_card.OFFICERS, ""),
    ("crimes_per_officer", "Crimes per officer", report_card.PER_OFFICER, ""),
    (
        "crimes_per_officer_peer_median",
        "Crimes per officer: peer median",
        report_card.PER_OFFICER,
        "",
    ),
    (
        "net_revenue_expenditure_per_head",
        "Net revenue expenditure per head",
        report_card.SPEND_PER_HEAD,
        "£",
    ),
    (
        "net_revenue_expenditure_per_head_peer_median",
        "Net revenue expenditure per head: peer median",
        report_card.SPEND_PER_HEAD,
        "£",
    ),
    (
        "net_revenue_expenditure_per_officer",
        "Net revenue expenditure per officer",
        report_card.SPEND_PER_OFFICER,
        "£",
    ),
    (
        "net_revenue_expenditure_per_officer_peer_median",
        "Net revenue expenditure per officer: peer median",
        report_card.SPEND_PER_OFFICER,
        "£",
    ),
)


def report_card_files(con: duckdb.DuckDBPyConnection) -> list[EesFile]:
    if not _exists(con, REPORT_CARD, *NEEDS):
        return []
    dp = {
        code: n
        for code, n in con.execute(
            "select indicator_code, decimal_places from marts.dim_indicator"
        ).fetchall()
    }
    selected = []
    for column, _label, code, _unit in CARD_COLUMNS:
        places = 0 if code is None else dp.get(code)
        places_sql = "null" if places is None else str(int(places))
        selected.append(f"r.{column} as {column}, {places_sql} as {column}__dp")

    def period_label(column: str) -> str:
        return (
            f"coalesce((select d.period_label from marts.dim_period d "
            f"where d.period_key = r.{column}), 'Not available')"
        )

    sql = f"""
with {LOOKUPS}
select
    {time_columns("p")},
    'Police force area' as geographic_level,
    {COUNTRY},
    {REGION},
    r.force_code as pfa_code,
    r.force_area_name as pfa_name,
    {rolling_year("p")} as rolling_year,
    {peer_set_label("split_part(r.peer_set_id, ':', 1)")} as peer_set,
    coalesce(r.crime_rate_band, 'Not banded') as crime_rate_band,
    coalesce(r.crime_rate_direction_on_year_earlier, 'No comparison') as crime_rate_direction,
    {period_label("officers_period_key")} as officers_period,
    coalesce(r.officers_per_1000_band, 'Not banded') as officers_per_1000_band,
    {period_label("crimes_per_officer_period_key")} as crimes_per_officer_period,
    coalesce(r.crimes_per_officer_band, 'Not banded') as crimes_per_officer_band,
    {period_label("spend_period_key")} as spend_period,
    {", ".join(selected)}
from {REPORT_CARD} r
join marts.dim_period p on p.period_key = r.period_key
left join geo g on g.geography_code = r.force_code
left join geo ctry on ctry.geography_code = g.country_code
left join geo rgn on rgn.geography_code = g.region_code"""
    return [
        EesFile(
            name="police_report_card",
            mart=REPORT_CARD,
            description=(
                "The police report card per force and year-ending quarter: crime, officers, "
                "crimes per officer and spend against the most similar forces "
                f"(from {REPORT_CARD})."
            ),
            base_sql=sql,
            geography=("region_code", "region_name", "pfa_code", "pfa_name"),
            filters=(
                Filter("rolling_year", "Year ending", "Filter by the quarter the year ends"),
                Filter("peer_set", "Peer group"),
                Filter("crime_rate_band", "Crime rate band", "A is the best quarter, D the worst"),
                Filter("crime_rate_direction", "Crime rate on a year earlier"),
                Filter("officers_period", "Officers as at"),
                Filter("officers_per_1000_band", "Officers per 1,000 band"),
                Filter("crimes_per_officer_period", "Crimes per officer period"),
                Filter("crimes_per_officer_band", "Crimes per officer band"),
                Filter("spend_period", "Spend financial year"),
            ),
            indicators=tuple(
                Indicator(column, label, unit=unit) for column, label, _code, unit in CARD_COLUMNS
            ),
        )
    ]


def headline_files(con: duckdb.DuckDBPyConnection) -> list[EesFile]:
    """Every EES file of the release, in file name order."""
    files = [*comparison_files(con), *recorded_crime_files(con), *report_card_files(con)]
    return sorted(files, key=lambda f: f.name)
