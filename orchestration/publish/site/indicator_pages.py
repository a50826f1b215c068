"""One page per indicator of the registry (``dim_indicator``): its definition, polarity, source,
licence and method, the caveats that apply (kept and derived from the data, see ``caveats.py``),
and per organisation type and period the release's funnel plot and ski-slope chart with a data
table of every organisation's value (the table is the charts' text alternative). The latest
period's charts are drawn on the page; earlier periods link to theirs."""

from __future__ import annotations

from collections import defaultdict

from orchestration.publish.site import paths
from orchestration.publish.site.chart_files import KIND_TITLES, KINDS
from orchestration.publish.site.labels import (
    band_label,
    funnel_label,
    polarity_label,
    type_label,
)
from orchestration.publish.site.numbers import display_unit, format_count
from orchestration.publish.site.page import Page
from orchestration.publish.site.site_data import Row, SiteData

TEMPLATE = "indicator.html"


def indicator_pages(data: SiteData) -> list[Page]:
    by_indicator: dict[str, list[Row]] = defaultdict(list)
    for row in data.comparisons:
        by_indicator[row["indicator_code"]].append(row)
    caveats = defaultdict(list)
    for caveat in data.caveats:
        caveats[caveat.indicator_code].append(caveat)
    return [
        _page(data, indicator, by_indicator.get(code, []), caveats.get(code, []))
        for code, indicator in sorted(data.indicators.items())
    ]


def _page(data: SiteData, indicator: Row, rows: list[Row], caveats: list) -> Page:
    code = indicator["indicator_code"]
    style = data.style(code)
    by_type: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_type[row["comparison_type"]].append(row)
    context = {
        "indicator": {
            "code": code,
            "name": indicator["indicator_name"],
            "sector": (indicator["sector"] or "").replace("_", " "),
            "unit": display_unit(indicator["unit"], style),
            "registry_unit": indicator["unit"],
            "decimal_places": indicator["decimal_places"],
            "polarity": polarity_label(indicator["polarity"]),
            "numerator": indicator["numerator_definition"],
            "denominator": indicator["denominator_definition"],
            "peer_average": indicator["peer_average_method"],
            "method": indicator["method"],
            "source": indicator["source_title"],
            "publisher": indicator["publisher"],
            "licence": indicator["licence"],
            "disclosure": _disclosure(indicator),
        },
        "method_notes": sorted({r["method_note"] for r in rows if r.get("method_note")}),
        "caveats": [
            {
                "text": c.text,
                "source": c.source,
                "name": data.organisations[c.organisation_code].name
                if c.organisation_code in data.organisations
                else None,
                "href": paths.organisation_page(c.organisation_code)
                if c.organisation_code in data.organisations
                else None,
            }
            for c in caveats
        ],
        "types": [
            {"label": type_label(t), "periods": _periods(data, code, t, type_rows)}
            for t, type_rows in sorted(by_type.items())
        ],
    }
    return Page(paths.indicator_page(code), TEMPLATE, indicator["indicator_name"], context)


def _disclosure(indicator: Row) -> str:
    threshold = indicator.get("disclosure_threshold")
    if threshold is None:
        return ""
    applies = indicator.get("disclosure_threshold_applies_to") or "count"
    symbol = indicator.get("disclosure_symbol") or "c"
    text = f"values whose {applies} is below {threshold} are withheld (symbol {symbol})"
    if indicator.get("disclosure_rounding_base"):
        text += f"; counts rounded to the nearest {indicator['disclosure_rounding_base']}"
    return text


def _periods(data: SiteData, code: str, comparison_type: str, rows: list[Row]) -> list[dict]:
    style = data.style(code)
    by_period: dict[str, list[Row]] = defaultdict(list)
    ends = {}
    for row in rows:
        by_period[row["period_key"]].append(row)
        ends[row["period_key"]] = row["period_end"]
    order = sorted(by_period, key=lambda p: (ends[p] is not None, ends[p], p), reverse=True)
    csv_path = data.csv_paths.get("rpt_indicator_comparison")
    periods = []
    for position, period in enumerate(order):
        period_rows = sorted(
            by_period[period],
            key=lambda r: (
                r["national_rank"] is None,
                r["national_rank"] or 0,
                r["organisation_name"] or "",
            ),
        )
        first = period_rows[0]
        charts = []
        for kind in KINDS:
            file = data.charts.find(code, period, comparison_type, kind)
            if file is not None:
                charts.append(
                    {"title": KIND_TITLES[kind], "file": file, "shape": data.charts.shape(file)}
                )
        periods.append(
            {
                "key": period,
                "label": first["period_label"] or period,
                "latest": position == 0,
                "national": style.format(first["national_value"])
                if first["national_value"] is not None
                else "",
                "reporting": first["organisations_reporting"],
                "charts": charts,
                "rows": [
                    {
                        "name": r["organisation_name"] or r["organisation_code"],
                        "href": paths.organisation_page(r["organisation_code"]),
                        "value": style.format(r["value"], r["status_symbol"]),
                        "numerator": format_count(r["numerator"]),
                        "denominator": format_count(r["denominator"]),
                        "rank": r["national_rank"] if r["national_rank"] is not None else "",
                        "band": band_label(r["quartile_band"]) if r["quartile_band"] else "",
                        "funnel": funnel_label(
                            r["funnel_method"], r["outlier_flag"], r["funnel_y"], r["funnel_target"]
                        )
                        if r["funnel_method"]
                        else "",
                        "csv_href": paths.csv_row(csv_path, r.get("csv_row")),
                    }
                    for r in period_rows
                ],
                "has_funnel": any(r["funnel_method"] for r in period_rows),
            }
        )
    return periods
