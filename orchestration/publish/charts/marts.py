"""What the charts show, read from the published marts: one ``Chart`` per indicator x period x
comparison type, one ``Org`` per organisation in it.

``marts.rpt_indicator_comparison`` gives the values, the funnel coordinates (``funnel_x``,
``funnel_y``), the engine's target, overdispersion and 99.8% limits (``funnel_target``,
``funnel_tau2``, ``funnel_lower_998``, ``funnel_upper_998``) and outlier flag;
``marts.rpt_peer_groups`` gives each organisation's peers in one default peer set (see
``_default_peer_set``); ``marts.dim_indicator``, when published, gives each indicator's measure,
rounding, denominator and source (publisher, dataset, licence).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import duckdb

from orchestration.publish.peer_sets import default_peer_set

COMPARISON_TABLE = "rpt_indicator_comparison"
PEER_GROUPS_TABLE = "rpt_peer_groups"
INDICATOR_TABLE = "dim_indicator"
FLAGS = ("none", "alert", "alarm")

_SAFE_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")


@dataclass(frozen=True)
class Org:
    code: str
    name: str
    value: float | None
    numerator: float | None
    denominator: float | None
    national_rank: int | None
    x: float | None
    y: float | None
    flag: str
    peers: tuple[str, ...]
    # the engine's published 99.8% limits at x (None when not published; may be infinite)
    lower_998: float | None = None
    upper_998: float | None = None


@dataclass(frozen=True)
class Source:
    """Where an indicator's data come from, as ``marts.dim_indicator`` records it."""

    publisher: str | None = None
    title: str | None = None
    licence: str | None = None


@dataclass(frozen=True)
class IndicatorFacts:
    """What ``marts.dim_indicator`` says of an indicator that the charts write on themselves."""

    measure: str | None = None
    decimal_places: int | None = None
    denominator: str | None = None
    source: Source | None = None
    sector: str | None = None


@dataclass(frozen=True)
class Chart:
    """One indicator x period x comparison type: what both of its charts show."""

    indicator_code: str
    indicator_name: str
    unit: str
    polarity: str | None
    period_key: str
    period_label: str
    comparison_type: str
    funnel_method: str | None
    target: float | None
    tau2: float | None
    tau2_known: bool
    national_value: float | None
    peer_set_id: str | None
    peer_set_type: str | None
    orgs: tuple[Org, ...]
    # '/<comparison type>' when the indicator x period is compared for several types
    folder_suffix: str = ""
    # from marts.dim_indicator (or the comparison mart's own measure); None when not published
    measure: str | None = None
    decimal_places: int | None = None
    denominator_definition: str | None = None
    source: Source | None = None


def tables(con: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    """The marts tables of the connection's own database, with their columns."""
    rows = con.execute(
        "select table_name, column_name from information_schema.columns "
        "where table_catalog = current_database() and table_schema = 'marts'"
    ).fetchall()
    found: dict[str, set[str]] = {}
    for table, column in rows:
        found.setdefault(table, set()).add(column)
    return found


_COMPARISON_COLUMNS = [
    "indicator_code",
    "period_key",
    "organisation_code",
    "peer_set_id",
    "peer_set_type",
    "organisation_name",
    "comparison_type",
    "period_label",
    "indicator_name",
    "unit",
    "polarity",
    "value",
    "numerator",
    "denominator",
    "national_value",
    "national_rank",
    "funnel_method",
    "funnel_x",
    "funnel_y",
    "funnel_target",
    "funnel_lower_998",
    "funnel_upper_998",
    "outlier_flag",
]


def read_charts(con: duckdb.DuckDBPyConnection, marts: dict[str, set[str]]) -> list[Chart]:
    """Every chart of the comparison mart, sorted by indicator, period and comparison type."""
    has_tau2 = "funnel_tau2" in marts[COMPARISON_TABLE]
    columns = ", ".join(_COMPARISON_COLUMNS)
    tau2 = "funnel_tau2" if has_tau2 else "cast(null as double)"
    measure = "measure" if "measure" in marts[COMPARISON_TABLE] else "cast(null as varchar)"
    # what a chart draws of an organisation is the same in every peer set's row, so one row per
    # organisation is read (the mart has one per peer set: several times as many), and the
    # group's peer sets apart, to choose the one whose peers the chart outlines
    cursor = con.execute(
        f"select {columns}, {tau2} as funnel_tau2, {measure} as measure "
        f"from marts.{COMPARISON_TABLE} "
        "qualify row_number() over ("
        "partition by indicator_code, period_key, comparison_type, organisation_code "
        "order by peer_set_id nulls last) = 1 "
        "order by indicator_code, period_key, organisation_code, peer_set_id nulls last"
    )
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, map(_plain, row), strict=True)) for row in cursor.fetchall()]
    peer_sets_of: dict[tuple[str, str, str], set[tuple[str, str]]] = {}
    for indicator, period, kind, peer_set_id, peer_set_type in con.execute(
        f"select distinct indicator_code, period_key, comparison_type, peer_set_id, "
        f"peer_set_type from marts.{COMPARISON_TABLE} where peer_set_id is not null"
    ).fetchall():
        peer_sets_of.setdefault((indicator, period, kind or ""), set()).add(
            (peer_set_id, peer_set_type)
        )

    # one chart per indicator x period x comparison type: schools and councils (say) reporting
    # the same indicator are compared apart, never in one funnel
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for row in rows:
        if row["indicator_code"] is None or row["period_key"] is None:
            continue
        key = (row["indicator_code"], row["period_key"], row["comparison_type"] or "")
        groups.setdefault(key, []).append(row)
    types_per_period: dict[tuple[str, str], int] = {}
    for indicator, period, _ in groups:
        types_per_period[(indicator, period)] = types_per_period.get((indicator, period), 0) + 1

    facts = indicator_facts(con, marts)
    defaults = {
        key: default_peer_set(
            peer_sets_of.get(key, set()), facts.get(key[0], IndicatorFacts()).sector
        )
        or (None, None)
        for key in groups
    }
    peers = _peer_lists(con, marts, {p[0] for p in defaults.values() if p[0] is not None})
    return [
        _chart(
            indicator,
            period,
            group,
            defaults[(indicator, period, kind)],
            peers,
            has_tau2,
            one_of_several_types=types_per_period[(indicator, period)] > 1,
            facts=facts.get(indicator, IndicatorFacts()),
        )
        for (indicator, period, kind), group in sorted(groups.items())
    ]


_FACT_COLUMNS = (
    "sector",
    "measure",
    "decimal_places",
    "denominator_definition",
    "publisher",
    "source_title",
    "licence",
)


def indicator_facts(
    con: duckdb.DuckDBPyConnection, marts: dict[str, set[str]]
) -> dict[str, IndicatorFacts]:
    """Each indicator's measure, rounding, denominator and source from ``marts.dim_indicator``
    (empty when it is not published; a column it lacks reads as unknown)."""
    columns = marts.get(INDICATOR_TABLE, set())
    if "indicator_code" not in columns:
        return {}
    selected = ", ".join(c if c in columns else f"null as {c}" for c in _FACT_COLUMNS)
    rows = con.execute(
        f"select indicator_code, {selected} from marts.{INDICATOR_TABLE} order by indicator_code"
    ).fetchall()
    facts = {}
    for code, sector, measure, places, denominator, publisher, title, licence in rows:
        source = Source(publisher=publisher, title=title, licence=licence)
        facts[code] = IndicatorFacts(
            measure=measure,
            decimal_places=None if places is None else int(places),
            denominator=denominator,
            source=None if source == Source() else source,
            sector=sector,
        )
    return facts


def _plain(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value


def _peer_lists(
    con: duckdb.DuckDBPyConnection, marts: dict[str, set[str]], peer_sets: set[str]
) -> dict[tuple[str, str], tuple[str, ...]]:
    if PEER_GROUPS_TABLE not in marts or not peer_sets:
        return {}
    rows = con.execute(
        f"select peer_set_id, organisation_code, peer_code from marts.{PEER_GROUPS_TABLE} "
        "where peer_set_id in (select unnest(?::varchar[])) and peer_code is not null "
        "order by peer_set_id, organisation_code, peer_rank nulls last, peer_code",
        [sorted(peer_sets)],
    ).fetchall()
    lists: dict[tuple[str, str], list[str]] = {}
    for peer_set_id, organisation_code, peer_code in rows:
        codes = lists.setdefault((peer_set_id, organisation_code), [])
        if peer_code not in codes:
            codes.append(peer_code)
    return {key: tuple(codes) for key, codes in lists.items()}


def _first(group: Iterable[dict[str, Any]], column: str) -> Any:
    return next((r[column] for r in group if r[column] is not None), None)


def _check_segments(indicator: str, period: str, types: list[str], several: bool) -> None:
    """Each of the chart's folder names is a safe path segment."""
    segments = [(indicator, "indicator_code"), (period, "period_key")]
    if several and types:
        segments.append((types[0], "comparison_type"))
    for segment, what in segments:
        if not _SAFE_SEGMENT.match(segment):
            raise ValueError(
                f"{COMPARISON_TABLE}: {what} {segment!r} cannot name a chart folder "
                "(letters, digits, '_', '.', '-' only)"
            )


def _one_row_per_org(
    group: list[dict[str, Any]], peer_set_id: str | None
) -> dict[str, dict[str, Any]]:
    """One row per organisation: the default peer set's, else the first."""
    by_org: dict[str, dict[str, Any]] = {}
    for row in group:
        code = row["organisation_code"]
        if code is None:
            continue
        if code not in by_org or (
            row["peer_set_id"] == peer_set_id and by_org[code]["peer_set_id"] != peer_set_id
        ):
            by_org[code] = row
    return by_org


def _org(code: str, row: dict[str, Any], peers: tuple[str, ...], peer_set_id: str | None) -> Org:
    return Org(
        code=code,
        name=row["organisation_name"] or code,
        value=_finite(row["value"]),
        numerator=_finite(row["numerator"]),
        denominator=_finite(row["denominator"]),
        national_rank=row["national_rank"],
        x=_finite(row["funnel_x"]),
        y=_finite(row["funnel_y"]),
        flag=row["outlier_flag"] if row["outlier_flag"] in FLAGS else "none",
        peers=peers if peer_set_id else (),
        lower_998=_number(row["funnel_lower_998"]),
        upper_998=_number(row["funnel_upper_998"]),
    )


def _chart(
    indicator: str,
    period: str,
    group: list[dict[str, Any]],
    peer_set: tuple[str | None, str | None],
    peers: dict[tuple[str, str], tuple[str, ...]],
    has_tau2: bool,
    one_of_several_types: bool = False,
    facts: IndicatorFacts = IndicatorFacts(),
) -> Chart:
    types = sorted({r["comparison_type"] for r in group if r["comparison_type"] is not None})
    _check_segments(indicator, period, types, one_of_several_types)
    peer_set_id, peer_set_type = peer_set
    orgs = tuple(
        _org(code, row, peers.get((peer_set_id, code), ()), peer_set_id)
        for code, row in sorted(_one_row_per_org(group, peer_set_id).items())
    )
    tau2 = _finite(_first(group, "funnel_tau2"))
    return Chart(
        indicator_code=indicator,
        indicator_name=_first(group, "indicator_name") or indicator,
        unit=_first(group, "unit") or "",
        polarity=_first(group, "polarity"),
        period_key=period,
        period_label=_first(group, "period_label") or period,
        comparison_type=types[0] if types else "organisation",
        funnel_method=_first(group, "funnel_method"),
        target=_finite(_first(group, "funnel_target")),
        tau2=tau2,
        tau2_known=has_tau2 and tau2 is not None,
        national_value=_finite(_first(group, "national_value")),
        peer_set_id=peer_set_id,
        peer_set_type=peer_set_type,
        orgs=orgs,
        folder_suffix=f"/{types[0]}" if one_of_several_types and types else "",
        measure=_first(group, "measure") or facts.measure,
        decimal_places=facts.decimal_places,
        denominator_definition=facts.denominator,
        source=facts.source,
    )


def _finite(value: Any) -> float | None:
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def _number(value: Any) -> float | None:
    """A float, infinities kept (a limit at E near 0 is infinite); None for null or NaN."""
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else value
