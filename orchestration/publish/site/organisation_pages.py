"""One page per organisation: every indicator's latest period against its peers (a table and
the release's charts, highlighted on the organisation), earlier periods as history tables, the
sentences the report card and the levers write, its peers and why they are its peers, and the
CSV row behind every number.

One page per organisation rather than per organisation x period: a council has up to 49 period
keys across its indicators but each indicator only a handful, so a page shows each indicator's
latest period up front and its earlier periods beneath, and a reader never has to guess which
period page holds the indicator they want.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from frontline_stats.report_card import CRIME_RATE
from orchestration.publish.site import paths
from orchestration.publish.site.chart_files import KIND_TITLES, KINDS
from orchestration.publish.site.labels import (
    band_label,
    direction_label,
    funnel_label,
    kind_label,
    peer_set_label,
    type_label,
)
from orchestration.publish.site.numbers import display_unit, format_count
from orchestration.publish.site.page import Page
from orchestration.publish.site.site_data import Organisation, Row, SiteData

TEMPLATE = "organisation.html"
# a page with more charts than this draws only its headline indicators' charts and keeps the
# others behind "Show the chart" (a closed <details> loads nothing), so it still renders fast
MAX_DRAWN_CHARTS = 6


def organisation_pages(data: SiteData) -> list[Page]:
    by_org: dict[str, list[Row]] = defaultdict(list)
    for row in data.comparisons:
        by_org[row["organisation_code"]].append(row)
    index = _Index(data)
    return [
        _page(data, index, organisation, by_org.get(code, []))
        for code, organisation in sorted(data.organisations.items())
    ]


class _Index:
    """The other marts' rows, by the organisation they are about."""

    def __init__(self, data: SiteData) -> None:
        self.report_cards = _group(data.report_cards, "force_code")
        self.areas: dict[str, dict[str, str]] = defaultdict(dict)
        self.headline: dict[str, set[str]] = defaultdict(set)
        for row in data.area_rows:
            self.areas[row["organisation_code"]][row["area_code"]] = row["area_name"]
            if row["indicator_code"]:
                self.headline[row["organisation_code"]].add(row["indicator_code"])
        self.mentee = _group(data.mentoring, "mentee_code")
        self.mentor = _group(data.mentoring, "mentor_code")
        self.vfm = _group(data.value_for_money, "organisation_code")
        self.ratings = _group(data.ratings, "organisation_code")
        self.peers = _group(data.peer_rows, "organisation_code")
        self.peer_sizes = _group(data.peer_sizes, "organisation_code")
        self.caveats = defaultdict(list)
        for caveat in data.caveats:
            if caveat.organisation_code:
                self.caveats[caveat.organisation_code].append(caveat)


def _group(rows: Sequence[Row], column: str) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[row[column]].append(row)
    return grouped


def _page(data: SiteData, index: _Index, org: Organisation, rows: list[Row]) -> Page:
    path = paths.organisation_page(org.code)
    by_indicator: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_indicator[row["indicator_code"]].append(row)
    # each indicator's periods, latest first
    histories = {
        code: sorted(
            periods, key=lambda r: (r["period_end"] is not None, r["period_end"], r["period_key"])
        )[::-1]
        for code, periods in sorted(by_indicator.items())
    }
    # headline indicators (the area view's key comparisons of the organisation) first, then by name
    headline = index.headline.get(org.code, set())
    latest = sorted(
        (periods[0] for periods in histories.values()),
        key=lambda r: (
            r["indicator_code"] not in headline,
            data.indicator_name(r["indicator_code"]).lower(),
        ),
    )
    draw_all = len(latest) <= MAX_DRAWN_CHARTS
    context: dict[str, Any] = {
        "org": {
            "code": org.code,
            "name": org.name,
            "kind": kind_label(org.kind),
            "compared_as": type_label(org.type_code) if rows else None,
            "subtype": org.subtype,
            "place": org.place,
            "kind_href": paths.kind_page(org.kind),
            "areas": [
                {"name": name, "href": paths.area_page(code)}
                for code, name in sorted(index.areas[org.code].items())
            ],
        },
        "report_card": _report_card(data, index.report_cards.get(org.code, []), org.code),
        "comparisons": [_comparison(data, row) for row in latest],
        "charts": [
            _charts(data, org.code, row, draw_all or row["indicator_code"] in headline)
            for row in latest
        ],
        "histories": [
            {
                "indicator": data.indicator_name(code),
                "indicator_href": paths.indicator_page(code),
                "rows": [_comparison(data, row) for row in periods[1:]],
                "count": len(periods) - 1,
            }
            for code, periods in sorted(
                histories.items(), key=lambda item: data.indicator_name(item[0]).lower()
            )
            if len(periods) > 1
        ],
        "peer_sets": _peer_sets(data, index.peers.get(org.code, []), latest),
        "other_peer_sets": _other_peer_sets(index.peer_sizes.get(org.code, []), latest),
        "mentoring": [_mentoring(data, r, "mentor") for r in index.mentee.get(org.code, [])],
        "mentoring_others": [_mentoring(data, r, "mentee") for r in index.mentor.get(org.code, [])],
        "value_for_money": [_vfm(data, r) for r in index.vfm.get(org.code, [])],
        "ratings": [_rating(data, r) for r in index.ratings.get(org.code, [])],
        "caveats": [
            {
                "indicator": data.indicator_name(c.indicator_code),
                "indicator_href": paths.indicator_page(c.indicator_code),
                "text": c.text,
                "source": c.source,
            }
            for c in index.caveats.get(org.code, [])
        ],
    }
    return Page(path, TEMPLATE, org.name, context)


def _csv(data: SiteData, table: str, row: Mapping[str, Any]) -> str | None:
    return paths.csv_row(data.csv_paths.get(table), row.get("csv_row"))


def _rank(rank: int | None, peers: int | None) -> str:
    if rank is None:
        return ""
    return f"{rank} of {peers + 1}" if peers is not None else str(rank)


def _comparison(data: SiteData, row: Row) -> dict[str, Any]:
    """One comparison as a table row: every number printed in the indicator's style."""
    code = row["indicator_code"]
    style = data.style(code)
    indicator = data.indicators.get(code, {})
    return {
        "indicator": data.indicator_name(code),
        "indicator_href": paths.indicator_page(code),
        "period": row["period_label"] or row["period_key"],
        "unit": display_unit(indicator.get("unit"), style),
        "value": style.format(row["value"], row["status_symbol"]),
        "peer_median": style.format(row["peer_median"]) if row["peer_median"] is not None else "",
        "national": style.format(row["national_value"])
        if row["national_value"] is not None
        else "",
        "rank": _rank(row["rank_among_peers"], row["peer_count"]),
        "national_rank": _rank(
            row["national_rank"],
            None if row["organisations_reporting"] is None else row["organisations_reporting"] - 1,
        ),
        "band": band_label(row["quartile_band"]) if row["quartile_band"] else "",
        "direction": direction_label(
            row["direction_vs_year_earlier"],
            data.period_label(row["year_earlier_period_key"]),
        ),
        "funnel": funnel_label(
            row["funnel_method"], row["outlier_flag"], row["funnel_y"], row["funnel_target"]
        )
        if row["funnel_method"]
        else "",
        "flagged": row["outlier_flag"] in ("alert", "alarm") and row["funnel_method"] is not None,
        "peer_set": peer_set_label(row["peer_set_type"], row["peer_set_id"]),
        "peer_count": row["peer_count"],
        "csv_href": _csv(data, "rpt_indicator_comparison", row),
    }


def _charts(data: SiteData, code: str, row: Row, open_: bool) -> dict[str, Any]:
    """The release's charts of the row's indicator x period, opened on this organisation;
    ``open_``: drawn on the page rather than behind "Show the chart"."""
    indicator = row["indicator_code"]
    name = data.indicator_name(indicator)
    period = row["period_label"] or row["period_key"]
    style = data.style(indicator)
    charts = []
    for kind in KINDS:
        file = data.charts.find(indicator, row["period_key"], row["comparison_type"], kind)
        if file is None:
            continue
        charts.append(
            {
                "title": KIND_TITLES[kind],
                "file": file,
                "fragment": f"{file}#{code}",
                "shape": data.charts.shape(file),
                "label": f"{KIND_TITLES[kind]} of {name}, {period}, "
                f"{row['organisation_name']} highlighted",
            }
        )
    # the page draws the first (the funnel plot where there is one) and links the other
    parts = [f"{row['organisation_name']}: {style.format(row['value'], row['status_symbol'])}"]
    if row["peer_median"] is not None:
        parts.append(f"peer median {style.format(row['peer_median'])}")
    if row["national_value"] is not None:
        parts.append(f"national value {style.format(row['national_value'])}")
    if row["funnel_method"]:
        flag = funnel_label(
            row["funnel_method"], row["outlier_flag"], row["funnel_y"], row["funnel_target"]
        )
        parts.append(f"funnel plot: {flag}")
    summary = "; ".join(parts) + "."
    return {
        "indicator": name,
        "indicator_code": indicator,
        "indicator_href": paths.indicator_page(indicator),
        "period": period,
        "drawn": charts[:1],
        "linked": charts[1:],
        "open": open_,
        "summary": summary,
    }


def _report_card(data: SiteData, rows: Sequence[Row], code: str) -> dict[str, Any] | None:
    """The police report card: its latest period's measures and sentence, earlier sentences,
    and the force's crime rate over time (the trend chart) where the release has one."""
    if not rows:
        return None
    latest = rows[0]
    trend_file = data.charts.time_series.get((CRIME_RATE, code))
    trend = (
        {
            "file": trend_file,
            "shape": data.charts.shape(trend_file),
            "label": f"Line chart: recorded crime per 1,000 people in {latest['force_area_name']} "
            "in every quarter, against its most similar forces and England and Wales",
        }
        if trend_file
        else None
    )
    crime = data.style(CRIME_RATE)
    officers = data.style("police_officers_per_1000_population")
    per_officer = data.style("police_crimes_per_officer")
    spend = data.style("police_net_revenue_expenditure_per_head")

    def measure(name, period, style, value, median, band=None, national=None, rank=None):
        return {
            "measure": name,
            "period": period,
            "value": style.format(value),
            "peer_median": style.format(median) if median is not None else "",
            "national": style.format(national) if national is not None else "",
            "band": band_label(band) if band else "",
            "rank": rank or "",
        }

    return {
        "period": latest["period_label"] or latest["period_key"],
        "trend": trend,
        "summary": latest["summary"],
        "peers": latest["most_similar_forces"],
        "csv_href": _csv(data, "rpt_police_report_card", latest),
        "measures": [
            measure(
                "Recorded crime per 1,000 people",
                latest["period_label"],
                crime,
                latest["crime_rate_per_1000"],
                latest["crime_rate_peer_median"],
                latest["crime_rate_band"],
                latest["crime_rate_england_and_wales"],
                _rank(latest["crime_rate_rank_among_peers"], latest["peers_compared"]),
            ),
            measure(
                "Police officers per 1,000 people",
                data.period_label(latest["officers_period_key"]),
                officers,
                latest["officers_per_1000"],
                latest["officers_per_1000_peer_median"],
                latest["officers_per_1000_band"],
            ),
            measure(
                "Recorded crimes per officer",
                data.period_label(latest["crimes_per_officer_period_key"]),
                per_officer,
                latest["crimes_per_officer"],
                latest["crimes_per_officer_peer_median"],
                latest["crimes_per_officer_band"],
            ),
            measure(
                "Net revenue expenditure per resident",
                data.period_label(latest["spend_period_key"]),
                spend,
                latest["net_revenue_expenditure_per_head"],
                latest["net_revenue_expenditure_per_head_peer_median"],
            ),
        ],
        "earlier": [
            {
                "period": r["period_label"] or r["period_key"],
                "summary": r["summary"],
                "csv_href": _csv(data, "rpt_police_report_card", r),
            }
            for r in rows[1:]
        ],
    }


def _peer_sets(data: SiteData, rows: Sequence[Row], latest: Sequence[Row]) -> list[dict]:
    """The peer sets the page's comparisons use, each with its members and why."""
    used = sorted({r["peer_set_id"] for r in latest if r["peer_set_type"] != "all_organisations"})
    by_set: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_set[row["peer_set_id"]].append(row)
    found = []
    for peer_set_id in used:
        members = by_set.get(peer_set_id, [])
        if not members:
            continue
        reasons = {m["reasons"] for m in members}
        # one reason for every peer (NHS trusts: "both run a type 1 A&E") is said once
        shared = reasons.pop() if len(reasons) == 1 and len(members) > 1 else None
        rows_ = sorted(m["csv_row"] for m in members if m.get("csv_row") is not None)
        contiguous = len(rows_) == len(members) and rows_ and rows_[-1] - rows_[0] + 1 == len(rows_)
        found.append(
            {
                "id": peer_set_id,
                "label": peer_set_label(members[0]["peer_set_type"], peer_set_id),
                "source": members[0]["source"],
                "shared_reasons": shared,
                "csv_href": f"{data.csv_paths['rpt_peer_groups']}#row={rows_[0]}-{rows_[-1]}"
                if contiguous
                else None,
                "indicators": sorted(
                    {
                        data.indicator_name(r["indicator_code"])
                        for r in latest
                        if r["peer_set_id"] == peer_set_id
                    }
                ),
                "peers": [
                    {
                        "name": _name(data, m["peer_code"]),
                        "href": paths.organisation_page(m["peer_code"])
                        if m["peer_code"] in data.organisations
                        else None,
                        "rank": m["peer_rank"] if m["peer_rank"] is not None else "",
                        "distance": f"{m['distance']:.3f}" if m["distance"] is not None else "",
                        "reasons": m["reasons"] if shared is None else "",
                        "csv_href": None if contiguous else _csv(data, "rpt_peer_groups", m),
                    }
                    for m in members
                ],
            }
        )
    return found


def _other_peer_sets(sizes: Sequence[Row], latest: Sequence[Row]) -> list[dict]:
    used = {r["peer_set_id"] for r in latest}
    return [
        {
            "label": peer_set_label(r["peer_set_type"], r["peer_set_id"]),
            "id": r["peer_set_id"],
            "peers": r["peers"],
        }
        for r in sizes
        if r["peer_set_id"] not in used
    ]


def _name(data: SiteData, code: str) -> str:
    organisation = data.organisations.get(code)
    return organisation.name if organisation else code


def _mentoring(data: SiteData, row: Row, other: str) -> dict[str, Any]:
    code = row["indicator_code"]
    style = data.style(code)
    other_code = row[f"{other}_code"]
    return {
        "indicator": data.indicator_name(code),
        "indicator_href": paths.indicator_page(code),
        "period": row["period_label"] or row["period_key"],
        "name": row[f"{other}_name"],
        "href": paths.organisation_page(other_code) if other_code in data.organisations else None,
        "mentee_value": style.format(row["mentee_value"]),
        "mentor_value": style.format(row["mentor_value"]),
        "mentee_band": band_label(row["mentee_band"]) if row["mentee_band"] else "",
        "mentor_band": band_label(row["mentor_band"]) if row["mentor_band"] else "",
        "distance_km": format_count(row["geographic_distance_km"]),
        "reason": row["reason"],
        "csv_href": _csv(data, "rpt_mentoring_pairs", row),
    }


def _vfm(data: SiteData, row: Row) -> dict[str, Any]:
    return {
        "why": row["why_paired"],
        "summary": row["summary"],
        "position": row["value_for_money_position"] or "",
        "period": row["spend_period_label"] or row["spend_period_key"],
        "csv_href": _csv(data, "rpt_value_for_money", row),
    }


def _rating(data: SiteData, row: Row) -> dict[str, Any]:
    grade = row["grade_indicator_code"]
    vfm = row["vfm_indicator_code"]
    return {
        "grade_indicator": data.indicator_name(grade),
        "grade_href": paths.indicator_page(grade),
        "grade_period": row["grade_period_key"],
        "vfm_indicator": data.indicator_name(vfm),
        "vfm_href": paths.indicator_page(vfm),
        "before": row["grade_before_label"] or "",
        "after": row["grade_after_label"] or "",
        "change": row["change"] or "",
        "reason": row["reason"],
        "csv_href": _csv(data, "rpt_vfm_rating", row),
    }
