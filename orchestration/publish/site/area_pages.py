"""One page per area (``rpt_area_use_of_resources``): the upper-tier council, its police force,
the NHS trusts headquartered there, its schools and prisons side by side, each with its key
comparisons; the area's summary sentence; the mentoring pairs and value-for-money-gated ratings
of the organisations shown, where the levers produced them."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from orchestration.publish.site import paths
from orchestration.publish.site.labels import (
    band_label,
    peer_set_label,
    peer_set_type_of,
    type_label,
)
from orchestration.publish.site.numbers import display_unit
from orchestration.publish.site.page import Page
from orchestration.publish.site.site_data import Row, SiteData

TEMPLATE = "area.html"
ROLE_HEADINGS = {
    "council": "The council",
    "police force": "Police force",
    "NHS trust": "NHS trusts headquartered here",
    "school": "Schools",
    "prison": "Prisons",
}


def area_pages(data: SiteData) -> list[Page]:
    by_area: dict[str, list[Row]] = defaultdict(list)
    for row in data.area_rows:
        by_area[row["area_code"]].append(row)
    mentoring = {
        (r["mentee_code"], r["indicator_code"], r["peer_set_id"]): r for r in data.mentoring
    }
    ratings: dict[str, list[Row]] = defaultdict(list)
    for row in data.ratings:
        ratings[row["organisation_code"]].append(row)
    return [_page(data, code, rows, mentoring, ratings) for code, rows in sorted(by_area.items())]


def area_entries(data: SiteData) -> list[tuple[str, str]]:
    """(area code, area name) of every area, by name."""
    names = {r["area_code"]: r["area_name"] or r["area_code"] for r in data.area_rows}
    return sorted(names.items(), key=lambda item: (item[1], item[0]))


def _page(
    data: SiteData,
    code: str,
    rows: list[Row],
    mentoring: dict[tuple[str, str, str], Row],
    ratings: dict[str, list[Row]],
) -> Page:
    name = rows[0]["area_name"] or code
    csv_path = data.csv_paths.get("rpt_area_use_of_resources")
    roles: dict[str, list[dict[str, Any]]] = defaultdict(list)
    pairs = []
    organisations = []
    for row in rows:
        roles[row["role"]].append(_row(data, row, csv_path))
        if row["organisation_code"] not in organisations:
            organisations.append(row["organisation_code"])
        pair = mentoring.get((row["organisation_code"], row["indicator_code"], row["peer_set_id"]))
        if pair is not None:
            pairs.append(_pair(data, pair))
    groups = [
        {"role": role, "heading": ROLE_HEADINGS.get(role, role.capitalize()), "rows": roles[role]}
        for role in [*ROLE_HEADINGS, *sorted(set(roles) - set(ROLE_HEADINGS))]
        if role in roles
    ]
    context = {
        "area": {
            "code": code,
            "name": name,
            "summary": rows[0]["area_summary"],
            "council_href": paths.organisation_page(code) if code in data.organisations else None,
        },
        "groups": groups,
        "mentoring": pairs,
        "ratings": [
            _rating(data, r)
            for organisation in organisations
            for r in ratings.get(organisation, [])
        ],
    }
    return Page(paths.area_page(code), TEMPLATE, name, context)


def _row(data: SiteData, row: Row, csv_path: str | None) -> dict[str, Any]:
    indicator = row["indicator_code"]
    style = data.style(indicator) if indicator else None
    code = row["organisation_code"]

    def number(value):
        return style.format(value) if style is not None and value is not None else ""

    return {
        "name": row["organisation_name"] or code,
        "href": paths.organisation_page(code) if code in data.organisations else None,
        "link_basis": row["link_basis"],
        "compared_as": type_label(row["comparison_type"]) if row["comparison_type"] else "",
        "indicator": data.indicator_name(indicator) if indicator else None,
        "indicator_href": paths.indicator_page(indicator) if indicator else None,
        "period": row["period_label"] or row["period_key"] or "",
        "unit": display_unit(row["unit"], style) if style is not None else "",
        "value": number(row["value"]),
        "peer_median": number(row["peer_median"]),
        "peers": row["peers_compared"] if row["peers_compared"] is not None else "",
        "peer_set": peer_set_label(peer_set_type_of(row["peer_set_id"]), row["peer_set_id"])
        if row["peer_set_id"]
        else "",
        "rank": f"{row['rank_among_peers']} of {row['peers_compared'] + 1}"
        if row["rank_among_peers"] is not None and row["peers_compared"] is not None
        else "",
        "national": number(row["national_value"]),
        "band": band_label(row["quartile_band"]) if row["quartile_band"] else "",
        "csv_href": paths.csv_row(csv_path, row.get("csv_row")),
    }


def _pair(data: SiteData, row: Row) -> dict[str, Any]:
    style = data.style(row["indicator_code"])
    return {
        "mentee": row["mentee_name"],
        "mentee_href": paths.organisation_page(row["mentee_code"]),
        "mentor": row["mentor_name"],
        "mentor_href": paths.organisation_page(row["mentor_code"])
        if row["mentor_code"] in data.organisations
        else None,
        "indicator": data.indicator_name(row["indicator_code"]),
        "indicator_href": paths.indicator_page(row["indicator_code"]),
        "period": row["period_label"] or row["period_key"],
        "mentee_value": style.format(row["mentee_value"]),
        "mentor_value": style.format(row["mentor_value"]),
        "reason": row["reason"],
        "csv_href": paths.csv_row(data.csv_paths.get("rpt_mentoring_pairs"), row.get("csv_row")),
    }


def _rating(data: SiteData, row: Row) -> dict[str, Any]:
    return {
        "name": row["organisation_name"],
        "href": paths.organisation_page(row["organisation_code"]),
        "grade_indicator": data.indicator_name(row["grade_indicator_code"]),
        "grade_href": paths.indicator_page(row["grade_indicator_code"]),
        "vfm_indicator": data.indicator_name(row["vfm_indicator_code"]),
        "vfm_href": paths.indicator_page(row["vfm_indicator_code"]),
        "before": row["grade_before_label"] or "",
        "after": row["grade_after_label"] or "",
        "change": row["change"] or "",
        "reason": row["reason"],
        "csv_href": paths.csv_row(data.csv_paths.get("rpt_vfm_rating"), row.get("csv_row")),
    }
