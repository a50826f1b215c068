"""Everything the pages show, read once: the marts (``marts.py``), the rows' numbers in the
release's CSV files (``csv_rows.py``), the chart files (``chart_files.py``), the caveats
(``caveats.py``) and what is known of the release.

The organisations that get a page are those the comparison marts name: every organisation with a
comparison, in an area's view, on the police report card or in a value-for-money table. Each has
one kind (council, police force, NHS trust, school, prison), a name (as the comparison mart
writes it, else the area view, else ``dim_organisation``) and a place (its geography's name and
region, from ``dim_organisation`` and ``dim_geography``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from orchestration.publish.attachment import ReleaseInfo
from orchestration.publish.licence import licence_statement
from orchestration.publish.site import marts
from orchestration.publish.site.caveats import Caveat, caveat_rules, derived_caveats, known_caveats
from orchestration.publish.site.chart_files import ChartFiles, chart_files
from orchestration.publish.site.csv_rows import csv_key, mart_csv_path, row_numbers
from orchestration.publish.site.labels import kind_of, type_label
from orchestration.publish.site.numbers import NumberStyle, number_style

Row = marts.Row

# the area view's roles as the site's kinds
_ROLE_KINDS = {
    "council": "council",
    "police force": "police_force",
    "NHS trust": "nhs_trust",
    "school": "school",
    "prison": "prison",
}


@dataclass(frozen=True)
class Organisation:
    code: str
    name: str
    kind: str
    # the type its kind and labels come from: the comparison type it is compared within (as the
    # comparison marts give it, else dim_organisation's), else, never compared, its
    # organisation_type (school, prison, ...)
    type_code: str | None
    subtype: str | None
    place: str


@dataclass(frozen=True)
class Release:
    release_id: str
    created_at: str
    licence: tuple[str, ...]
    synthetic: bool

    @property
    def date(self) -> str:
        return self.created_at[:10]


@dataclass
class SiteData:
    release: Release
    indicators: dict[str, Row]
    styles: dict[str, NumberStyle]
    organisations: dict[str, Organisation]
    comparisons: list[Row]
    report_cards: list[Row]
    area_rows: list[Row]
    mentoring: list[Row]
    value_for_money: list[Row]
    ratings: list[Row]
    peer_rows: list[Row]
    peer_sizes: list[Row]
    csv_paths: dict[str, str]
    charts: ChartFiles
    caveats: list[Caveat]
    period_labels: dict[str, str] = field(default_factory=dict)

    def style(self, indicator_code: str) -> NumberStyle:
        return self.styles.get(indicator_code, NumberStyle())

    def period_label(self, period_key: str | None) -> str | None:
        if period_key is None:
            return None
        return self.period_labels.get(period_key, period_key)

    def indicator_name(self, indicator_code: str) -> str:
        row = self.indicators.get(indicator_code)
        return row["indicator_name"] if row else indicator_code


def load_site_data(con: duckdb.DuckDBPyConnection, folder: Path, info: ReleaseInfo) -> SiteData:
    tables = marts.mart_tables(con)

    def read(table: str, reader, *args) -> list[Row]:
        return reader(con, *args) if table in tables else []

    indicators = {r["indicator_code"]: r for r in read("dim_indicator", marts.indicators)}
    styles = {
        code: number_style(r["unit"], r["measure"], r["decimal_places"])
        for code, r in indicators.items()
    }
    comparisons = read("rpt_indicator_comparison", marts.comparisons)
    report_cards = read("rpt_police_report_card", marts.report_cards)
    area_rows = read("rpt_area_use_of_resources", marts.area_rows)
    mentoring = read("rpt_mentoring_pairs", marts.mentoring_pairs)
    vfm = read("rpt_value_for_money", marts.value_for_money)
    ratings = read("rpt_vfm_rating", marts.vfm_ratings)
    registered = {r["organisation_code"]: r for r in read("dim_organisation", marts.organisations)}
    organisations = _organisations(registered, comparisons, area_rows, report_cards, vfm, ratings)

    used_peer_sets = sorted({r["peer_set_id"] for r in comparisons if r["peer_set_id"]})
    peer_rows = [
        r
        for r in read("rpt_peer_groups", marts.peer_groups, used_peer_sets)
        if r["organisation_code"] in organisations
    ]
    peer_sizes = read("rpt_peer_groups", marts.peer_set_sizes)

    csv_paths = {}
    for table, rows in (
        ("rpt_indicator_comparison", comparisons),
        ("rpt_police_report_card", report_cards),
        ("rpt_area_use_of_resources", area_rows),
        ("rpt_mentoring_pairs", mentoring),
        ("rpt_value_for_money", vfm),
        ("rpt_vfm_rating", ratings),
        ("rpt_peer_groups", peer_rows),
    ):
        path = mart_csv_path(info.marts, f"marts.{table}")
        if path is None or not rows:
            continue
        csv_paths[table] = path
        _number_rows(folder / path, marts.KEYS[table], rows)

    return SiteData(
        release=Release(
            info.release_id,
            info.created_at,
            tuple(licence_statement(info.sources).splitlines()),
            info.synthetic,
        ),
        indicators=indicators,
        styles=styles,
        organisations=organisations,
        comparisons=comparisons,
        report_cards=report_cards,
        area_rows=area_rows,
        mentoring=mentoring,
        value_for_money=vfm,
        ratings=ratings,
        peer_rows=peer_rows,
        peer_sizes=[r for r in peer_sizes if r["organisation_code"] in organisations],
        csv_paths=csv_paths,
        charts=chart_files(folder),
        caveats=_caveats(comparisons, organisations, styles),
        period_labels=marts.period_labels(con) if "dim_period" in tables else {},
    )


def _number_rows(path: Path, key_columns: Sequence[str], rows: list[Row]) -> None:
    """Set each row's ``csv_row``: its RFC 7111 row number in the CSV at ``path``."""
    keys = [csv_key([row[c] for c in key_columns]) for row in rows]
    numbers = row_numbers(path, key_columns, set(keys))
    for row, key in zip(rows, keys, strict=True):
        row["csv_row"] = numbers.get(key)


def _organisations(
    registered: Mapping[str, Row],
    comparisons: Sequence[Row],
    area_rows: Sequence[Row],
    report_cards: Sequence[Row],
    vfm: Sequence[Row],
    ratings: Sequence[Row],
) -> dict[str, Organisation]:
    names: dict[str, str] = {}
    types: dict[str, str] = {}
    for row in comparisons:
        names.setdefault(row["organisation_code"], row["organisation_name"])
        types.setdefault(row["organisation_code"], row["comparison_type"])
    roles: dict[str, str] = {}
    for row in area_rows:
        names.setdefault(row["organisation_code"], row["organisation_name"])
        roles.setdefault(row["organisation_code"], row["role"])
    for row in report_cards:
        names.setdefault(row["force_code"], row["force_area_name"])
        types.setdefault(row["force_code"], "police_force_area")
    for row in [*vfm, *ratings]:
        names.setdefault(row["organisation_code"], row["organisation_name"])
        types.setdefault(row["organisation_code"], row["comparison_type"])

    found = {}
    for code in sorted(set(names) | set(roles)):
        entry = registered.get(code, {})
        type_code = (
            types.get(code) or entry.get("comparison_type") or entry.get("organisation_type")
        )
        kind = kind_of(type_code)
        if kind == "other" and code in roles:
            kind = _ROLE_KINDS.get(roles[code], "other")
        name = names.get(code) or entry.get("organisation_name") or code
        found[code] = Organisation(
            code=code,
            name=name,
            kind=kind,
            type_code=type_code,
            subtype=entry.get("organisation_subtype"),
            place=_place(name, entry),
        )
    return found


def _place(name: str, entry: Mapping[str, Any]) -> str:
    parts = []
    for part in (entry.get("geography_name"), entry.get("region_name")):
        if part and part != name and part not in parts:
            parts.append(part)
    return ", ".join(parts)


def latest_rows(rows: Sequence[Row], *group_by: str) -> list[Row]:
    """The rows of each group's latest period (by ``period_end``, then ``period_key``)."""
    latest: dict[tuple, tuple] = {}
    for row in rows:
        group = tuple(row[c] for c in group_by)
        when = (row.get("period_end") is not None, row.get("period_end"), row["period_key"])
        if group not in latest or when > latest[group]:
            latest[group] = when
    return [
        row
        for row in rows
        if latest[tuple(row[c] for c in group_by)]
        == (row.get("period_end") is not None, row.get("period_end"), row["period_key"])
    ]


def _caveats(
    comparisons: Sequence[Row],
    organisations: Mapping[str, Organisation],
    styles: Mapping[str, NumberStyle],
) -> list[Caveat]:
    compared = {
        (r["indicator_code"], r["organisation_code"], organisations[r["organisation_code"]].name)
        for r in comparisons
    }
    known = known_caveats(caveat_rules(), compared)
    type_labels = defaultdict(
        str, {t: type_label(t) for t in {r["comparison_type"] for r in comparisons}}
    )
    latest = latest_rows(comparisons, "indicator_code", "comparison_type")
    return known + derived_caveats(latest, styles, type_labels)
