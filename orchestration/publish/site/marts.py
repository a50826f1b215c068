"""Reading the published marts the site shows, from the staging release database.

Each function returns plain rows (dicts keyed by column name), sorted so the pages come out the
same for the same data. A mart the database lacks reads as no rows: the site then leaves out what
it would have shown (a release of part of the marts still gets a site).

The comparison rows an organisation page and an indicator page show are one per organisation x
indicator x period: the comparison against its *default peer set*, the first of
``peer_sets.DEFAULT_PEER_SET_ORDER`` the mart has for it: DfE's similar schools, DfE's statistical
neighbours for an education indicator, the project's nearest neighbours, trusts with a type 1
A&E, then the other sets, all organisations of its type last. The area view
(``rpt_area_use_of_resources``) and the police report card make the same choices.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import duckdb

from orchestration.publish.peer_sets import peer_set_rank_sql

Row = dict[str, Any]


# the key of each mart's rows, as the dbt contract declares it (tests check they agree): what
# a link to a CSV row is matched on
KEYS = {
    "rpt_indicator_comparison": (
        "comparison_type",
        "organisation_code",
        "period_key",
        "indicator_code",
        "peer_set_id",
    ),
    "rpt_police_report_card": ("force_code", "period_key"),
    "rpt_area_use_of_resources": ("area_code", "organisation_code", "indicator_code"),
    "rpt_mentoring_pairs": ("peer_set_id", "indicator_code", "period_key", "mentee_code"),
    "rpt_value_for_money": ("pairing_id", "organisation_code", "spend_period_key"),
    "rpt_vfm_rating": ("rule_id", "organisation_code"),
    "rpt_peer_groups": ("peer_set_id", "organisation_code", "peer_code"),
}


def mart_tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The tables of schema ``marts`` in the connection's own database."""
    rows = con.execute(
        "select table_name from information_schema.tables "
        "where table_catalog = current_database() and table_schema = 'marts'"
    ).fetchall()
    return {name for (name,) in rows}


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()) -> list[Row]:
    cursor = con.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    return [
        {n: float(v) if isinstance(v, Decimal) else v for n, v in zip(names, row, strict=True)}
        for row in cursor.fetchall()
    ]


def period_labels(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Each period key's label (``dim_period``)."""
    rows = con.execute("select period_key, period_label from marts.dim_period order by 1")
    return {key: label for key, label in rows.fetchall() if label}


def indicators(con: duckdb.DuckDBPyConnection) -> list[Row]:
    """Every indicator of the registry (``dim_indicator``), by code."""
    return _rows(con, "select * from marts.dim_indicator order by indicator_code")


COMPARISON_COLUMNS = (
    "comparison_type",
    "organisation_code",
    "organisation_name",
    "indicator_code",
    "period_key",
    "period_label",
    "peer_set_id",
    "peer_set_type",
    "value",
    "numerator",
    "denominator",
    "status_symbol",
    "peer_count",
    "peer_median",
    "rank_among_peers",
    "national_value",
    "national_rank",
    "organisations_reporting",
    "quartile_band",
    "funnel_method",
    "funnel_y",
    "funnel_target",
    "outlier_flag",
    "direction_vs_year_earlier",
    "year_earlier_period_key",
    "method_note",
)


def comparisons(con: duckdb.DuckDBPyConnection) -> list[Row]:
    """One row per organisation x indicator x period of ``rpt_indicator_comparison``: the one
    against the default peer set, with the period's end date (``period_end``) to order by."""
    columns = ", ".join(f"c.{c}" for c in COMPARISON_COLUMNS)
    return _rows(
        con,
        f"""
        select {columns}, p.period_end, i.measure
        from marts.rpt_indicator_comparison as c
        left join marts.dim_period as p on c.period_key = p.period_key
        left join marts.dim_indicator as i on c.indicator_code = i.indicator_code
        qualify row_number() over (
            partition by c.comparison_type, c.organisation_code, c.indicator_code, c.period_key
            order by {peer_set_rank_sql("c.peer_set_type", "i.sector")}, c.peer_set_id
        ) = 1
        order by c.organisation_code, c.indicator_code, p.period_end, c.period_key,
            c.comparison_type
        """,
    )


def organisations(con: duckdb.DuckDBPyConnection) -> list[Row]:
    """Every organisation of ``dim_organisation`` (its current row, else its latest), with the
    name of its geography and that geography's region."""
    return _rows(
        con,
        """
        select o.organisation_code, o.organisation_name, o.organisation_type,
            o.organisation_subtype, o.comparison_type, o.geography_code,
            g.geography_name, g.geography_level, r.geography_name as region_name
        from marts.dim_organisation as o
        left join marts.dim_geography as g on o.geography_code = g.geography_code
        left join marts.dim_geography as r on g.region_code = r.geography_code
            and r.geography_code <> g.geography_code
        qualify row_number() over (
            partition by o.organisation_code
            order by o.is_current desc nulls last, o.valid_from desc nulls last,
                o.organisation_key
        ) = 1
        order by o.organisation_code
        """,
    )


def report_cards(con: duckdb.DuckDBPyConnection) -> list[Row]:
    """The police report card, every force and period, latest period first per force."""
    return _rows(
        con,
        """
        select c.*, p.period_end from marts.rpt_police_report_card as c
        left join marts.dim_period as p on c.period_key = p.period_key
        order by c.force_code, p.period_end desc, c.period_key desc
        """,
    )


def area_rows(con: duckdb.DuckDBPyConnection) -> list[Row]:
    """The area use-of-resources view, every area, by role and organisation."""
    return _rows(
        con,
        """
        select * from marts.rpt_area_use_of_resources
        order by area_code,
            case role when 'council' then 0 when 'police force' then 1 when 'NHS trust' then 2
                when 'school' then 3 when 'prison' then 4 else 5 end,
            organisation_name, organisation_code, indicator_code nulls last
        """,
    )


def mentoring_pairs(con: duckdb.DuckDBPyConnection) -> list[Row]:
    """Each mentee's pairing for each indicator and peer set in its latest period."""
    return _rows(
        con,
        """
        select m.*, p.period_end, p.period_label from marts.rpt_mentoring_pairs as m
        left join marts.dim_period as p on m.period_key = p.period_key
        qualify row_number() over (
            partition by m.mentee_code, m.indicator_code, m.peer_set_id
            order by p.period_end desc, m.period_key desc
        ) = 1
        order by m.mentee_code, m.indicator_code, m.peer_set_id
        """,
    )


def value_for_money(con: duckdb.DuckDBPyConnection) -> list[Row]:
    """Each organisation's spend-and-outcome pairing in its latest spend period."""
    return _rows(
        con,
        """
        select v.*, p.period_end from marts.rpt_value_for_money as v
        left join marts.dim_period as p on v.spend_period_key = p.period_key
        qualify row_number() over (
            partition by v.organisation_code, v.pairing_id
            order by p.period_end desc, v.spend_period_key desc
        ) = 1
        order by v.organisation_code, v.pairing_id
        """,
    )


def vfm_ratings(con: duckdb.DuckDBPyConnection) -> list[Row]:
    """The value-for-money-gated ratings, every rule and organisation."""
    return _rows(con, "select * from marts.rpt_vfm_rating order by organisation_code, rule_id")


def peer_groups(con: duckdb.DuckDBPyConnection, peer_set_ids: Sequence[str]) -> list[Row]:
    """The members of the given peer sets, with why each peer was chosen."""
    if not peer_set_ids:
        return []
    marks = ", ".join("?" for _ in peer_set_ids)
    return _rows(
        con,
        f"""
        select peer_set_id, peer_set_type, organisation_code, peer_code, peer_rank, distance,
            reasons, source
        from marts.rpt_peer_groups where peer_set_id in ({marks})
        order by organisation_code, peer_set_id, peer_rank nulls last, peer_code
        """,
        sorted(peer_set_ids),
    )


def peer_set_sizes(con: duckdb.DuckDBPyConnection) -> list[Row]:
    """How many peers each organisation has in each of its peer sets."""
    return _rows(
        con,
        """
        select organisation_code, peer_set_id, peer_set_type, count(*) as peers
        from marts.rpt_peer_groups group by all
        order by organisation_code, peer_set_id
        """,
    )
