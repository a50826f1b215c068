"""The pages that lead to the others: the home page (search, and a plain list of links per kind
of organisation that works without JavaScript), one page per kind of organisation, the areas,
the indicators, and the release's data files with their sources and licences."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from orchestration.publish.attachment import ReleaseInfo
from orchestration.publish.site import paths
from orchestration.publish.site.area_pages import area_entries
from orchestration.publish.site.labels import KINDS, kind_label
from orchestration.publish.site.page import Page
from orchestration.publish.site.site_data import SiteData

# the files every release has beside its marts (the publish writes them once the attachments
# have run, so they are listed whether or not they are there yet)
RELEASE_FILES = (
    ("frontline.duckdb", "the release database (DuckDB): every table, open it read-only"),
    ("manifest.json", "what the release holds: tables, row counts, checks, sources, hashes"),
    ("SHA256SUMS", "the checksum of every file (check with sha256sum -c SHA256SUMS)"),
    ("LICENCE.txt", "the licence and attribution statement"),
)


def _kinds(data: SiteData) -> list[str]:
    present = {o.kind for o in data.organisations.values()}
    return [k for k in KINDS if k in present] + sorted(present - set(KINDS))


def home_page(data: SiteData, has_changes: bool) -> Page:
    counts = Counter(o.kind for o in data.organisations.values())
    context = {
        "kinds": [
            {"label": kind_label(k, plural=True), "href": paths.kind_page(k), "count": counts[k]}
            for k in _kinds(data)
        ],
        "areas": len(area_entries(data)),
        "indicators": len(data.indicators),
        "search_index": paths.SEARCH_INDEX_JS,
    }
    return Page(paths.HOME, "home.html", "Frontline: how public services compare", context)


def kind_pages(data: SiteData) -> list[Page]:
    by_kind = defaultdict(list)
    for org in data.organisations.values():
        by_kind[org.kind].append(org)
    pages = []
    for kind in _kinds(data):
        members = sorted(by_kind[kind], key=lambda o: (o.name.lower(), o.code))
        context = {
            "label": kind_label(kind, plural=True),
            "organisations": [
                {
                    "name": o.name,
                    "code": o.code,
                    "place": o.place,
                    "href": paths.organisation_page(o.code),
                }
                for o in members
            ],
        }
        pages.append(Page(paths.kind_page(kind), "kind.html", kind_label(kind, True), context))
    return pages


def areas_page(data: SiteData) -> Page:
    context = {
        "areas": [
            {"name": name, "code": code, "href": paths.area_page(code)}
            for code, name in area_entries(data)
        ]
    }
    return Page(paths.AREAS, "areas.html", "Areas", context)


def indicators_page(data: SiteData) -> Page:
    compared = {r["indicator_code"] for r in data.comparisons}
    sectors = defaultdict(list)
    for code, row in sorted(data.indicators.items()):
        sectors[(row["sector"] or "other").replace("_", " ")].append(
            {
                "name": row["indicator_name"],
                "code": code,
                "href": paths.indicator_page(code),
                "compared": code in compared,
            }
        )
    context = {
        "sectors": [
            {"name": name, "indicators": sorted(rows, key=lambda r: (r["name"].lower(), r["code"]))}
            for name, rows in sorted(sectors.items())
        ]
    }
    return Page(paths.INDICATORS, "indicators.html", "Indicators", context)


def data_page(data: SiteData, folder: Path, info: ReleaseInfo) -> Page:
    marts = []
    for mart in sorted(info.marts, key=lambda m: m["table"]):
        contract = info.contracts.get(mart["table"])
        marts.append(
            {
                "table": mart["table"],
                "rows": f"{mart.get('row_count', 0):,}",
                "description": contract.description if contract else "",
                "files": [
                    {"format": f.get("format", ""), "href": f["path"], "size": _size(f["bytes"])}
                    for f in sorted(mart.get("files", []), key=lambda f: f["path"])
                    if "path" in f and "bytes" in f
                ]
                + [
                    {"format": "CSVW", "href": f["path"] + CSVW_SUFFIX, "size": _size(size)}
                    for f in mart.get("files", [])
                    if f.get("format") == "csv"
                    and (size := _file_size(folder / (f["path"] + CSVW_SUFFIX))) is not None
                ],
            }
        )
    context = {
        "marts": marts,
        "files": [{"href": name, "about": about} for name, about in RELEASE_FILES],
        "metadata": _metadata_files(folder),
        "sources": _sources(info),
    }
    return Page(paths.DATA, "data.html", "The data behind this site", context)


# the kinds of file an earlier attachment may write at the top of the release, and what the
# metadata attachment's own files are
METADATA_SUFFIXES = (".json", ".jsonld", ".ttl", ".rdf", ".xml", ".md", ".txt", ".csv")
METADATA_ABOUT = {
    "datapackage.json": "the Frictionless Data Package: every table's schema and files",
    "catalog.jsonld": "the DCAT catalogue of the release (JSON-LD)",
    "changelog.json": "what changed since the previous release, per table",
    "PROVENANCE.md": "where every source file came from",
}
# CSVW descriptions sit beside each CSV under this suffix; EES tidy files under this folder
CSVW_SUFFIX = "-metadata.json"
EES_DIR = "ees"


def _metadata_files(folder: Path) -> list[dict[str, str]]:
    """Other files an earlier attachment wrote at the top of the release (a data package, a
    catalogue, the change log, the provenance...)."""
    known = {name for name, _ in RELEASE_FILES} | {"release.json"}
    found = [
        {"href": p.name, "size": _size(p.stat().st_size), "about": METADATA_ABOUT.get(p.name, "")}
        for p in sorted(folder.iterdir())
        if p.is_file() and p.suffix in METADATA_SUFFIXES and p.name not in known
    ]
    ees = folder / EES_DIR
    if ees.is_dir():
        found += [
            {
                "href": p.relative_to(folder).as_posix(),
                "size": _size(p.stat().st_size),
                "about": "Explore Education Statistics tidy CSV"
                + (" (its metadata)" if p.name.endswith(".meta.csv") else ""),
            }
            for p in sorted(ees.rglob("*.csv"))
        ]
    return found


def _sources(info: ReleaseInfo) -> list[dict[str, Any]]:
    grouped: dict[tuple[str, str, str], int] = Counter(
        (s.publisher, s.title, s.licence) for s in info.sources
    )
    return [
        {"publisher": p, "title": t, "licence": licence, "files": n}
        for (p, t, licence), n in sorted(grouped.items())
    ]


def _file_size(path: Path) -> int | None:
    return path.stat().st_size if path.is_file() else None


def _size(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    if size >= 1_000:
        return f"{size / 1_000:.0f} kB"
    return f"{size} bytes"


def all_list_pages(
    data: SiteData, folder: Path, info: ReleaseInfo, has_changes: bool
) -> Sequence[Page]:
    return [
        home_page(data, has_changes),
        *kind_pages(data),
        areas_page(data),
        indicators_page(data),
        data_page(data, folder, info),
    ]
